"""Demo weeknotes: two published notes about weeks LOTI wrote up itself.

The people, dates and figures (Polly Kwok joining, the Away Day on 11 January
2022, the 45 Greenwich-based job descriptions, the digital inclusion workshop
and the second one planned for 25 May 2021) come from LOTI's weeknotes; every
sentence is our own. Running it again resets both notes to this text and keeps
one revision each.
"""

from datetime import date, datetime, time

from django.utils import timezone

from weeknotes.models import WeekNote

NOTES = [
    {
        "week_starting": date(2021, 4, 19),
        "published_on": date(2021, 4, 26),
        "title": "Weeknote 16 of 2021",
        "body": """\
Two meetings with members shaped our week: the Advisory Panel, and the full group of Chief Digital and \
Information Officers (CDIOs).

### Hearing from members

At the Advisory Panel we set out how we plan to help boroughs close the digital divide, and asked how \
councils want to work once staff can return to their offices. Chief executives and heads of service told \
us that rethinking ways of working is a long-term priority, and asked LOTI to gather good practice and \
bring service leads together to try things out.

With the CDIOs we ran through our current projects and asked for help with the Digital Inclusion \
Innovation Programme (DIIP): a short survey on how boroughs use and retire old laptops and phones, since \
upcycled devices could fill part of the gap before the programme starts in June.

### Digital Inclusion Innovation Programme

Our first DIIP workshop played back what boroughs and their voluntary sector partners had sent us. \
Initiatives from more than two thirds of London's boroughs are now on the list. Three exercises asked \
what has worked, what got in the way, and where working together would help most.

The Pan-London Digital Inclusion working group then checked our approach and filled a few gaps. We are \
planning the second workshop for 25 May.

### Coming up

- The Data Science Network meets, with Hackney on its houses in multiple occupation work and its new data lake.
- A Show & Tell on the Digital Inclusion Innovation Programme.
- A session on commercial routes to market, run with PUBLIC.
""",
    },
    {
        "week_starting": date(2022, 1, 10),
        "published_on": date(2022, 1, 17),
        "title": "Weeknote 1 of 2022",
        "body": """\
A new colleague, a new library and a day with every borough: a full first week back.

### Welcome, Polly

Polly Kwok has joined LOTI as our Communications and Engagement Manager. She comes from Healthy London \
Partnership, where she managed the Good Thinking programme, and will help tell the story of what our \
boroughs achieve together.

### The Job Description Library opens

The library starts with 45 job descriptions adapted from versions the Royal Borough of Greenwich shared \
with us. Any council can add its own, with the salary it advertised, so each role gathers several \
examples and a clearer picture of pay. See the [job description library](/jobs/).

### Away Day

On 11 January borough representatives met online. In the morning they pitched and voted on five topics, \
from culture and skills to cyber security and digital leadership. In the afternoon Eddie Copeland looked \
back over LOTI's first two and a half years, and groups worked through five challenges that will steer \
the months ahead. Two stood out: getting the right people into digital and data roles, and raising \
senior leaders' understanding of what digital and data can do.

### Social value for digital inclusion

We saw a demonstration of Impact, a platform for measuring social value, with colleagues from Havering, \
who already use it. The idea is to direct social value from council contracts towards digital inclusion.

### Coming up

1. A tender for a freelance recruitment consultant to help boroughs hire.
2. Designs for a LOTI jobs board for digital, technology and data roles.
3. Goals for our next quarter, to be published soon.
""",
    },
]


def load_weeknotes(central_user):
    """Create or reset the demo weeknotes, published and authored by `central_user`."""
    notes = []
    for spec in NOTES:
        published_at = timezone.make_aware(datetime.combine(spec["published_on"], time(9, 30)))
        note, _ = WeekNote.objects.update_or_create(
            week_starting=spec["week_starting"],
            defaults={
                "title": spec["title"],
                "body": spec["body"],
                "author": central_user,
                "status": WeekNote.Status.PUBLISHED,
                "published_at": published_at,
                "created_at": published_at,
            },
        )
        note.revisions.all().delete()
        note.revisions.create(title=note.title, body=note.body, edited_by=central_user, edited_at=published_at)
        notes.append(note)
    return notes

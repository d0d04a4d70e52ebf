"""Load the 33 London local authorities.

GSS codes are the Office for National Statistics' local authority codes.
Inner and outer London follow the ONS statistical definition. LOTI membership
and joining dates reflect the programme's early years: founders joined when
LOTI launched on 16 July 2019, others later.
"""

from datetime import date

from django.db import migrations

FOUNDED = date(2019, 7, 16)

# name, official name, slug, GSS code, area, member since (None: not a member), website
BOROUGHS = [
    ("City of London", "City of London Corporation", "city-of-london", "E09000001", "inner", date(2020, 4, 1), "https://www.cityoflondon.gov.uk"),
    ("Barking and Dagenham", "London Borough of Barking and Dagenham", "barking-and-dagenham", "E09000002", "outer", None, "https://www.lbbd.gov.uk"),
    ("Barnet", "London Borough of Barnet", "barnet", "E09000003", "outer", FOUNDED, "https://www.barnet.gov.uk"),
    ("Bexley", "London Borough of Bexley", "bexley", "E09000004", "outer", None, "https://www.bexley.gov.uk"),
    ("Brent", "London Borough of Brent", "brent", "E09000005", "outer", FOUNDED, "https://www.brent.gov.uk"),
    ("Bromley", "London Borough of Bromley", "bromley", "E09000006", "outer", None, "https://www.bromley.gov.uk"),
    ("Camden", "London Borough of Camden", "camden", "E09000007", "inner", FOUNDED, "https://www.camden.gov.uk"),
    ("Croydon", "London Borough of Croydon", "croydon", "E09000008", "outer", None, "https://www.croydon.gov.uk"),
    ("Ealing", "London Borough of Ealing", "ealing", "E09000009", "outer", date(2020, 7, 16), "https://www.ealing.gov.uk"),
    ("Enfield", "London Borough of Enfield", "enfield", "E09000010", "outer", FOUNDED, "https://www.enfield.gov.uk"),
    ("Greenwich", "Royal Borough of Greenwich", "greenwich", "E09000011", "outer", date(2021, 4, 1), "https://www.royalgreenwich.gov.uk"),
    ("Hackney", "London Borough of Hackney", "hackney", "E09000012", "inner", FOUNDED, "https://www.hackney.gov.uk"),
    ("Hammersmith and Fulham", "London Borough of Hammersmith and Fulham", "hammersmith-and-fulham", "E09000013", "inner", date(2020, 7, 16), "https://www.lbhf.gov.uk"),
    ("Haringey", "London Borough of Haringey", "haringey", "E09000014", "inner", FOUNDED, "https://www.haringey.gov.uk"),
    ("Harrow", "London Borough of Harrow", "harrow", "E09000015", "outer", None, "https://www.harrow.gov.uk"),
    ("Havering", "London Borough of Havering", "havering", "E09000016", "outer", date(2021, 4, 1), "https://www.havering.gov.uk"),
    ("Hillingdon", "London Borough of Hillingdon", "hillingdon", "E09000017", "outer", None, "https://www.hillingdon.gov.uk"),
    ("Hounslow", "London Borough of Hounslow", "hounslow", "E09000018", "outer", date(2020, 7, 16), "https://www.hounslow.gov.uk"),
    ("Islington", "London Borough of Islington", "islington", "E09000019", "inner", FOUNDED, "https://www.islington.gov.uk"),
    ("Kensington and Chelsea", "Royal Borough of Kensington and Chelsea", "kensington-and-chelsea", "E09000020", "inner", date(2020, 7, 16), "https://www.rbkc.gov.uk"),
    ("Kingston upon Thames", "Royal Borough of Kingston upon Thames", "kingston-upon-thames", "E09000021", "outer", FOUNDED, "https://www.kingston.gov.uk"),
    ("Lambeth", "London Borough of Lambeth", "lambeth", "E09000022", "inner", FOUNDED, "https://www.lambeth.gov.uk"),
    ("Lewisham", "London Borough of Lewisham", "lewisham", "E09000023", "inner", date(2020, 4, 1), "https://www.lewisham.gov.uk"),
    ("Merton", "London Borough of Merton", "merton", "E09000024", "outer", None, "https://www.merton.gov.uk"),
    ("Newham", "London Borough of Newham", "newham", "E09000025", "inner", date(2020, 4, 1), "https://www.newham.gov.uk"),
    ("Redbridge", "London Borough of Redbridge", "redbridge", "E09000026", "outer", FOUNDED, "https://www.redbridge.gov.uk"),
    ("Richmond upon Thames", "London Borough of Richmond upon Thames", "richmond-upon-thames", "E09000027", "outer", date(2021, 4, 1), "https://www.richmond.gov.uk"),
    ("Southwark", "London Borough of Southwark", "southwark", "E09000028", "inner", FOUNDED, "https://www.southwark.gov.uk"),
    ("Sutton", "London Borough of Sutton", "sutton", "E09000029", "outer", None, "https://www.sutton.gov.uk"),
    ("Tower Hamlets", "London Borough of Tower Hamlets", "tower-hamlets", "E09000030", "inner", FOUNDED, "https://www.towerhamlets.gov.uk"),
    ("Waltham Forest", "London Borough of Waltham Forest", "waltham-forest", "E09000031", "outer", FOUNDED, "https://www.walthamforest.gov.uk"),
    ("Wandsworth", "London Borough of Wandsworth", "wandsworth", "E09000032", "inner", date(2021, 4, 1), "https://www.wandsworth.gov.uk"),
    ("Westminster", "Westminster City Council", "westminster", "E09000033", "inner", FOUNDED, "https://www.westminster.gov.uk"),
]


def load(apps, schema_editor):
    Borough = apps.get_model("boroughs", "Borough")
    for name, official_name, slug, gss_code, area, member_since, website in BOROUGHS:
        Borough.objects.update_or_create(
            gss_code=gss_code,
            defaults={
                "name": name,
                "official_name": official_name,
                "slug": slug,
                "area": area,
                "is_member": member_since is not None,
                "member_since": member_since,
                "website": website,
            },
        )


def unload(apps, schema_editor):
    Borough = apps.get_model("boroughs", "Borough")
    Borough.objects.filter(gss_code__in=[row[3] for row in BOROUGHS]).delete()


class Migration(migrations.Migration):
    dependencies = [("boroughs", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]

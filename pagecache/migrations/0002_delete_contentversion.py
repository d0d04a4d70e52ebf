from django.db import migrations


class Migration(migrations.Migration):
    # The generation lives in the pages cache now (pagecache/versions.py).
    dependencies = [("pagecache", "0001_initial")]

    operations = [migrations.DeleteModel(name="ContentVersion")]

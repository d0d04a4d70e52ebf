from django.contrib import admin

admin.site.site_header = "LOTI Portal administration"
admin.site.site_title = "LOTI Portal admin"
admin.site.index_title = "Central team"

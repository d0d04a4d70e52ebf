"""Static files as production serves them: hashed names, gzip and brotli copies (whitenoise).

Django rewrites `import ... from "../govuk/govuk-frontend.min.js"` in our
JavaScript modules to the hashed name too, so every file a page loads, down
to the modules app.js imports, has a hashed URL and whitenoise can let
browsers keep it for a year (`immutable`). Without that, the GOV.UK Frontend
module was fetched by its plain name and kept for 60 seconds only. Django
applies it to files named *.js, which is why our modules are not *.mjs.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class HashedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True

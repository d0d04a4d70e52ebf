// LOTI Portal front-end entry point.
//
// Loaded by the base template as:
//   <script type="module" src="{% static 'js/app.js' %}"></script>
// The template itself adds the `govuk-frontend-supported` class to <body>
// (in an inline script the CSP allows by its hash), which initAll() checks for.
// collectstatic rewrites these imports to the files' hashed names
// (loti/staticfiles.py), which only works for files named *.js.
import { initAll } from '../govuk/govuk-frontend.min.js'
import './unsaved-changes.js'

initAll()

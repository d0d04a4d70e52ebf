// LOTI Portal front-end entry point.
//
// Loaded by the base template as:
//   <script type="module" src="{% static 'js/app.mjs' %}" nonce="..."></script>
// The template itself adds the `govuk-frontend-supported` class to <body>
// (in a nonce'd inline script), which initAll() checks for.
import { initAll } from '../govuk/govuk-frontend.min.js'
import './unsaved-changes.mjs'

initAll()

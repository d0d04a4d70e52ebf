// Ask before leaving a form with changes nobody has saved.
//
// For <form data-loti-unsaved-changes>: once a field changes, leaving the
// page (a link, the back button, closing the tab) makes the browser ask first.
// Submitting the form removes the question, whatever the server answers.
// A form drawn again after a refused save (a validation error or an edit
// conflict) says data-loti-unsaved-changes="pending": what it holds is not
// saved yet, so it asks from the start. Without JavaScript nothing asks,
// and nothing else on the page depends on this.

function askBeforeLeaving (event) {
  event.preventDefault()
  // Older browsers show the question only when returnValue is set.
  event.returnValue = ''
}

export function warnOnUnsavedChanges (form) {
  const arm = () => window.addEventListener('beforeunload', askBeforeLeaving)
  if (form.dataset.lotiUnsavedChanges === 'pending') arm()
  form.addEventListener('input', arm, { once: true })
  form.addEventListener('change', arm, { once: true })
  form.addEventListener('submit', () => {
    window.removeEventListener('beforeunload', askBeforeLeaving)
    form.removeEventListener('input', arm)
    form.removeEventListener('change', arm)
  })
}

for (const form of document.querySelectorAll('form[data-loti-unsaved-changes]')) {
  warnOnUnsavedChanges(form)
}

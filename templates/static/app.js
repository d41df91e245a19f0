// A little progressive enhancement; every page works without it.
(function () {
  'use strict';
  // After a refused form, take the keyboard to the first field that needs fixing.
  var invalid = document.querySelector('[aria-invalid="true"]');
  if (invalid) invalid.focus();

  // Ctrl/Cmd+Enter in a text area submits its form (Enter alone starts a new line there).
  document.addEventListener('keydown', function (event) {
    var target = event.target;
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && target instanceof HTMLTextAreaElement && target.form) {
      event.preventDefault();
      target.form.requestSubmit();
    }
  });

  // Choosing "custom" shows the date fields; other periods hide them (without JS they are always shown).
  var period = document.querySelectorAll('input[name="period"]');
  var custom = document.getElementById('custom-period');
  function syncPeriod() {
    var checked = document.querySelector('input[name="period"]:checked');
    if (custom && checked) custom.hidden = checked.value !== 'custom';
  }
  for (var i = 0; i < period.length; i++) period[i].addEventListener('change', syncPeriod);
  syncPeriod();
})();

// Destructive buttons ask first: data-confirm on the submit button (or on its form) is the question. A protected
// environment's typed name is checked on the server whether or not this script runs; this is the second look.
(() => {
  "use strict";
  document.addEventListener("submit", (event) => {
    const message = event.submitter?.dataset.confirm ?? event.target.dataset?.confirm;
    if (message && !window.confirm(message)) event.preventDefault();
  });
})();

"use strict";
// The review page's sign-in: posts the form, which sets the session cookie, then loads the page again.
document.getElementById("sign-in").addEventListener("submit", event => {
  event.preventDefault();
  const form = event.target;
  const error = document.getElementById("sign-in-error");
  const button = document.getElementById("sign-in-button");
  error.textContent = "";
  button.disabled = true;
  fetch(form.action, { method: "POST", credentials: "same-origin", body: new URLSearchParams(new FormData(form)) })
    .then(r => r.json().catch(() => ({})).then(body => {
      if (!r.ok) throw new Error((body.error && body.error.message) || ("HTTP " + r.status));
    }))
    .then(() => location.reload())
    .catch(e => {
      error.textContent = e.message;
      button.disabled = false;
      document.getElementById("password").select();
    });
});

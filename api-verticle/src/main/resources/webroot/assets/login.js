// The sign-in page: username or e-mail and password; the first-run hint when nobody can sign in yet.
import { ApiError, clearErrors, fetchSession, showErrors } from './talon.js';

const form = document.getElementById('sign-in-form');
const button = document.getElementById('sign-in');
const password = document.getElementById('password');

const session = await fetchSession();
if (session.signed_in) {
  location.replace('/account/api');
} else if (session.first_run) {
  document.getElementById('first-run').hidden = false;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors(form);
  button.disabled = true;
  button.textContent = 'Signing in…';
  try {
    const response = await fetch('/auth/login', {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: document.getElementById('user').value, password: password.value }),
      credentials: 'same-origin',
    });
    if (response.ok) {
      location.replace('/account/api');
      return;
    }
    let errors = [];
    try {
      errors = (await response.json()).errors || [];
    } catch {
      // not JSON: the generic message below
    }
    throw new ApiError(response.status, errors);
  } catch (error) {
    password.value = '';
    showErrors(form, error, (field) => (field === 'user' || field === 'password' ? field : null));
  } finally {
    button.disabled = false;
    button.textContent = 'Sign in';
  }
});

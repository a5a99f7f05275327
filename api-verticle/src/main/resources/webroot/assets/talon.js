// Shared by Talon's pages: the session, calls to the JSON API, the page frame, dates, forms.
// Plain ES modules, no build step; everything is built with DOM calls (never innerHTML), so no text
// from the API can become markup.

export const RESOURCES = [
  ['users', 'Users'],
  ['nodes', 'Nodes'],
  ['allocations', 'Allocations'],
  ['servers', 'Servers'],
  ['locations', 'Locations'],
  ['nests', 'Nests'],
  ['eggs', 'Eggs'],
  ['database_hosts', 'Database Hosts'],
  ['server_databases', 'Server Databases'],
];

export const LEVELS = ['None', 'Read', 'Read & Write', 'Read, Write & Delete'];

/** An answer of the JSON API that is not a success: its status and Pterodactyl error entries. */
export class ApiError extends Error {
  constructor(status, errors) {
    super(errors.length ? errors[0].detail : `Request failed (${status})`);
    this.status = status;
    this.errors = errors;
  }
}

export async function fetchSession() {
  const response = await fetch('/auth/session', { headers: { Accept: 'application/json' }, cache: 'no-store' });
  if (!response.ok) {
    throw new ApiError(response.status, await errorsOf(response));
  }
  return response.json();
}

/** The signed-in session, or a trip to the sign-in page. */
export async function requireSession() {
  const session = await fetchSession();
  if (!session.signed_in) {
    location.replace('/auth/login');
    throw new Error('not signed in');
  }
  return session;
}

/** Calls the JSON API with the session cookie; anything that changes state carries the CSRF token. */
export async function api(session, method, path, body) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') {
    headers['X-CSRF-Token'] = session.csrf_token;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  if (response.status === 401) {
    location.replace('/auth/login');
    throw new ApiError(401, await errorsOf(response));
  }
  if (!response.ok) {
    throw new ApiError(response.status, await errorsOf(response));
  }
  return response.status === 204 ? null : response.json();
}

async function errorsOf(response) {
  try {
    const body = await response.json();
    return Array.isArray(body.errors) ? body.errors : [];
  } catch {
    return [];
  }
}

/** Creates an element: {@code attrs} are attributes (className, dataset and on* handled), then children. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name === 'className') {
      node.className = value;
    } else if (name.startsWith('on')) {
      node.addEventListener(name.slice(2).toLowerCase(), value);
    } else {
      node.setAttribute(name, value === true ? '' : value);
    }
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) {
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
  return node;
}

/** Fills the top bar: the sections this user may see, who is signed in, and signing out. */
export function renderFrame(session, current) {
  const nav = document.getElementById('nav');
  const links = [['/account/api', 'Account', 'API Credentials']];
  if (session.user.root_admin) {
    links.push(['/admin/api', 'Admin', 'Application API']);
  }
  nav.replaceChildren(...links.map(([href, section, title]) => el('a', {
    href,
    'aria-current': href === current ? 'page' : null,
  }, el('small', {}, section), title)));

  const who = document.getElementById('who');
  const name = [session.user.first_name, session.user.last_name].filter(Boolean).join(' ');
  who.replaceChildren(el('span', {}, session.user.username), el('small', {}, name || session.user.email));

  document.getElementById('sign-out').addEventListener('click', async () => {
    try {
      await api(session, 'POST', '/auth/logout');
    } finally {
      location.replace('/auth/login');
    }
  });
}

const DATE_FORMAT = new Intl.DateTimeFormat(undefined, {
  year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit',
});

/** A {@code <time>} in the browser's time zone; the exact UTC instant in its title. */
export function dateCell(iso, empty = 'Never') {
  if (!iso) {
    return el('span', { className: 'never' }, empty);
  }
  const at = new Date(iso);
  return el('time', { datetime: iso, title: at.toISOString() }, DATE_FORMAT.format(at));
}

export function timeZoneName() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'your local time';
}

/** A datetime-local value (the browser's time zone) as an ISO instant; null when empty. */
export function localInputToIso(value) {
  if (!value) {
    return null;
  }
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? value : at.toISOString();
}

/** Allowed IPs as typed: one per line or comma-separated. */
export function parseIps(text) {
  return text.split(/[\s,]+/).map((part) => part.trim()).filter(Boolean);
}

/** Shows each validation error beside its field (through {@code fieldFor}), the rest above the form. */
export function showErrors(form, error, fieldFor) {
  clearErrors(form);
  const general = [];
  const byField = new Map();
  const entries = error instanceof ApiError && error.errors.length ? error.errors : [{ detail: error.message }];
  for (const entry of entries) {
    const source = entry.meta && entry.meta.source_field;
    const id = source ? fieldFor(source) : null;
    if (id && document.getElementById(id)) {
      if (!byField.has(id)) {
        byField.set(id, []);
      }
      byField.get(id).push(entry.detail);
    } else {
      general.push(entry.detail);
    }
  }
  for (const [id, messages] of byField) {
    const input = document.getElementById(id);
    const list = document.getElementById(`${id}-error`);
    input.setAttribute('aria-invalid', 'true');
    list.replaceChildren(...messages.map((message) => el('li', {}, message)));
    list.hidden = false;
  }
  const alert = form.querySelector('.form-error');
  if (general.length) {
    alert.replaceChildren(...general.map((message) => el('p', {}, message)));
    alert.hidden = false;
  }
  const first = byField.size ? document.getElementById(byField.keys().next().value) : null;
  (first || alert).focus();
}

export function clearErrors(form) {
  form.querySelectorAll('[aria-invalid]').forEach((input) => input.removeAttribute('aria-invalid'));
  form.querySelectorAll('.field-error').forEach((list) => {
    list.replaceChildren();
    list.hidden = true;
  });
  const alert = form.querySelector('.form-error');
  alert.replaceChildren();
  alert.hidden = true;
}

/** The key shown once: fills the panel, focuses it, and wires its copy button. */
export function revealKey(fullKey) {
  const panel = document.getElementById('new-key');
  const input = document.getElementById('new-key-value');
  const copy = document.getElementById('copy-key');
  const status = document.getElementById('copy-status');
  input.value = fullKey;
  status.textContent = '';
  copy.textContent = 'Copy';
  copy.onclick = async () => {
    let copied = false;
    try {
      await navigator.clipboard.writeText(input.value);
      copied = true;
    } catch {
      input.select();
      copied = document.execCommand('copy');
    }
    copy.textContent = copied ? 'Copied' : 'Copy';
    status.textContent = copied ? 'The key is on your clipboard.' : 'Press Ctrl+C (or ⌘C) to copy the selected key.';
  };
  document.getElementById('dismiss-key').onclick = () => {
    input.value = '';
    panel.hidden = true;
  };
  panel.hidden = false;
  panel.focus();
  input.select();
}

/** Asks before deleting; resolves true when the user confirms. */
export function confirmDelete(key) {
  const dialog = document.getElementById('confirm-delete');
  document.getElementById('confirm-identifier').textContent = key.identifier;
  document.getElementById('confirm-description').textContent = key.description;
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'delete'), { once: true });
    dialog.returnValue = '';
    dialog.showModal();
    document.getElementById('confirm-cancel').focus();
  });
}

/** The list of keys: what each is for, its identifier, and its limits and dates. */
export function renderKeys(container, keys, { onDelete, withPermissions }) {
  if (!keys.length) {
    container.replaceChildren(el('p', { className: 'empty' }, 'No API keys yet. Create one with the form.'));
    return;
  }
  const now = Date.now();
  container.replaceChildren(el('ul', { className: 'keys', 'aria-label': 'API keys' }, keys.map((key) => {
    const expired = key.expires_at && new Date(key.expires_at).getTime() <= now;
    const ips = key.allowed_ips && key.allowed_ips.length
      ? el('span', { className: 'mono' }, key.allowed_ips.join(', '))
      : el('span', { className: 'never' }, 'Any address');
    return el('li', { className: 'key', 'data-identifier': key.identifier },
      el('div', { className: 'key-head' },
        el('div', { className: 'key-title' },
          el('strong', { className: 'description' }, key.description),
          el('code', { className: 'identifier' }, key.identifier)),
        el('button', {
          type: 'button',
          className: 'button small subtle-danger delete',
          'aria-label': `Delete key ${key.identifier} (${key.description})`,
          onclick: () => onDelete(key),
        }, 'Delete')),
      el('dl', { className: 'meta' },
        el('div', {}, el('dt', {}, 'Created'), el('dd', { className: 'created' }, dateCell(key.created_at))),
        el('div', {}, el('dt', {}, 'Last used'), el('dd', { className: 'last-used' }, dateCell(key.last_used_at))),
        el('div', {}, el('dt', {}, 'Expires'), el('dd', { className: expired ? 'expires expired' : 'expires' },
          expired ? el('span', {}, 'Expired ', dateCell(key.expires_at)) : dateCell(key.expires_at, 'Never'))),
        el('div', { className: 'ips' }, el('dt', {}, 'Allowed IPs'), el('dd', { className: 'allowed-ips' }, ips))),
      withPermissions ? permissionChips(key.permissions || {}) : null);
  })));
}

function permissionChips(permissions) {
  const granted = RESOURCES.filter(([name]) => (permissions[name] || 0) > 0);
  return el('div', { className: 'chips', 'aria-label': 'Permissions' }, granted.length
    ? granted.map(([name, label]) => el('span', { className: 'chip', 'data-resource': name },
      `${label}: ${LEVELS[permissions[name]]}`))
    : el('span', { className: 'chip none' }, 'No access'));
}

/** Where a validation error of the key forms belongs. */
export function keyFieldFor(source) {
  if (source === 'description') {
    return 'description';
  }
  if (source.startsWith('allowed_ips')) {
    return 'allowed-ips';
  }
  if (source === 'expires_at') {
    return 'expires-at';
  }
  const permission = source.match(/^(?:permissions\.|r_)(\w+)$/);
  return permission ? `perm-${permission[1]}` : null;
}

/**
 * Runs a key page: the list, the count against the account's limit (client and application keys
 * together), creating with the form (the key shown once) and deleting after confirmation.
 * {@code path} lists and creates this page's keys, {@code otherPath} lists the other kind.
 */
export async function runKeyPage({ session, path, otherPath, otherKind, withPermissions, extraFields }) {
  document.querySelectorAll('.time-zone').forEach((node) => { node.textContent = timeZoneName(); });
  const form = document.getElementById('create-form');
  const createButton = document.getElementById('create-button');
  const list = document.getElementById('keys');

  async function refresh() {
    list.setAttribute('aria-busy', 'true');
    const [mine, others] = await Promise.all([
      api(session, 'GET', path),
      otherPath ? api(session, 'GET', otherPath) : { data: [] },
    ]);
    const keys = mine.data.map((item) => item.attributes);
    renderKeys(list, keys, { onDelete: remove, withPermissions });
    showLimit(keys.length, others.data.length);
    list.setAttribute('aria-busy', 'false');
  }

  function showLimit(own, other) {
    const limit = session.key_limit;
    const total = own + other;
    const count = document.getElementById('key-count');
    count.textContent = `${own} ${own === 1 ? 'key' : 'keys'}`;
    count.classList.toggle('full', total >= limit);
    const also = other ? ` You also hold ${other} ${otherKind} ${other === 1 ? 'key' : 'keys'}.` : '';
    createButton.disabled = total >= limit;
    const reached = document.getElementById('limit-reached');
    reached.hidden = total < limit;
    reached.replaceChildren(el('p', {}, el('strong', {}, 'Key limit reached. '),
      `An account can hold ${limit} API keys, client and application keys together, and yours holds ${total}. `
        + 'Delete a key you no longer use to create another.'));
    document.getElementById('limit-note').textContent = total >= limit ? ''
      : `An account can hold up to ${limit} API keys, client and application keys together: ${limit - total} `
        + `left.${also}`;
  }

  async function remove(key) {
    if (!(await confirmDelete(key))) {
      return;
    }
    try {
      await api(session, 'DELETE', `${path}/${encodeURIComponent(key.identifier)}`);
    } catch (error) {
      // already gone (deleted elsewhere): the refreshed list says so
      if (error.status !== 404) {
        showErrors(form, error, () => null);
      }
    }
    await refresh();
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    createButton.disabled = true;
    const body = {
      description: document.getElementById('description').value,
      allowed_ips: parseIps(document.getElementById('allowed-ips').value),
      ...(extraFields ? extraFields() : {}),
    };
    const expires = localInputToIso(document.getElementById('expires-at').value);
    if (expires) {
      body.expires_at = expires;
    }
    try {
      const created = await api(session, 'POST', path, body);
      form.reset();
      revealKey(created.attributes.identifier + created.meta.secret_token);
    } catch (error) {
      showErrors(form, error, keyFieldFor);
    }
    await refresh();
  });

  await refresh();
}

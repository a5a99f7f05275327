// Admin -> Application API: the signed-in root admin's application keys, a level per resource.
import { LEVELS, RESOURCES, el, renderFrame, requireSession, runKeyPage } from './talon.js';

const session = await requireSession();
if (!session.user.root_admin) {
  location.replace('/account/api');
  throw new Error('not a root administrator');
}
renderFrame(session, '/admin/api');

const permissions = document.getElementById('permissions');
const setAll = document.getElementById('set-all');
const levelOptions = () => LEVELS.map((label, level) => el('option', { value: String(level) }, label));
setAll.append(...levelOptions());
permissions.append(...RESOURCES.map(([name, label]) => el('div', { className: 'permission' },
  el('label', { for: `perm-${name}` }, label),
  el('select', { id: `perm-${name}`, name, 'aria-describedby': `perm-${name}-error` }, levelOptions()),
  el('ul', { className: 'field-error', id: `perm-${name}-error`, hidden: true }))));
setAll.addEventListener('change', () => {
  if (setAll.value !== '') {
    permissions.querySelectorAll('.permission select').forEach((select) => { select.value = setAll.value; });
  }
});

await runKeyPage({
  session,
  path: '/api/application/api-keys',
  otherPath: '/api/client/account/api-keys',
  otherKind: 'client',
  withPermissions: true,
  extraFields: () => ({
    permissions: Object.fromEntries(RESOURCES.map(([name]) => [name, Number(document.getElementById(`perm-${name}`).value)])),
  }),
});

// Account -> API Credentials: the signed-in user's client keys.
import { renderFrame, requireSession, runKeyPage } from './talon.js';

const session = await requireSession();
renderFrame(session, '/account/api');
await runKeyPage({
  session,
  path: '/api/client/account/api-keys',
  // a root admin's application keys count against the same limit
  otherPath: session.user.root_admin ? '/api/application/api-keys' : null,
  otherKind: 'application',
  withPermissions: false,
});

/** Google answers the short scopes with their expanded URL form in token responses. */
const expandedScope: Record<string, string> = {
  email: 'https://www.googleapis.com/auth/userinfo.email',
  profile: 'https://www.googleapis.com/auth/userinfo.profile',
};

/** The scopes Google's discovery document lists. */
export const googleScopes = ['openid', 'email', 'profile'] as const;

/** `"openid email profile"` → Google's `"https://…/userinfo.email openid https://…/userinfo.profile"`. */
export function expandScopes(scope: string): string {
  return scope
    .split(' ')
    .filter((name) => name !== '' && name !== 'offline_access')
    .map((name) => expandedScope[name] ?? name)
    .sort()
    .join(' ');
}

import type { Check, CheckId, VerifyReport } from '../verify/checks.js';

type Json = Record<string, unknown>;

/** One labelled value in the agent's consumer panel. */
export interface Row {
  label: string;
  value: string;
}

/** What the agent workspace shows of an authenticated consumer: the verified claims and `lp_sdes`. */
export interface AuthenticatedView {
  authenticated: true;
  name: string;
  email?: string;
  emailVerified: boolean;
  /** Same-origin avatar URL path, when the `picture` claim is on this server. */
  picture?: string;
  customerId?: string;
  sections: Array<{ title: string; rows: Row[] }>;
  /** Checks that passed with a warning, in plain words. */
  warnings: string[];
}

/** What the agent workspace shows when the platform refused what the brand handed over. */
export interface RefusedView {
  authenticated: false;
  /** The failing check's reason, in plain words. */
  reason: string;
  /** The failing check as `verify` reports it, for the curious. */
  detail?: string;
}

export type AgentView = AuthenticatedView | RefusedView;

/** Each check's failure in plain words, for people watching a demo. */
const plainReasons: Record<CheckId, string> = {
  discovery: "The chat platform could not read the identity provider's discovery document",
  code_exchange: 'The chat platform could not exchange the code for an ID token',
  decrypt: "The token could not be decrypted with the chat platform's private key",
  signature: "The token's signature is not valid: it was not signed by the identity provider's key",
  iss: 'The token was issued by an unexpected issuer',
  aud: 'The token was issued to another client (wrong audience)',
  azp: 'The token was issued to another party (azp)',
  exp: 'The token has expired',
  iat: 'The token is not valid yet: it was issued in the future',
  nonce: 'The token does not belong to this login (the nonce does not match)',
  sub: 'The token does not say who the consumer is (no customer id in sub)',
  google_shape: "The token is not shaped like Google's",
  lp_sdes: 'The customer information (lp_sdes) in the token is malformed',
};

function detailOf(check: Check): string {
  const parts = [check.found && `found ${check.found}`, check.expected && `expected ${check.expected}`];
  return `${check.id}: ${parts.filter(Boolean).join('; ')}`;
}

/** "15 minutes", "2 hours", "40 seconds": a span of time in words. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const [amount, unit] =
    s >= 7200 ? [Math.round(s / 3600), 'hour'] : s >= 120 ? [Math.round(s / 60), 'minute'] : [s, 'second'];
  return `${amount} ${unit}${amount === 1 ? '' : 's'}`;
}

/** When the token's times are the trouble, by how much. */
function when(id: CheckId, claims: Json | undefined, now: number): string {
  if (id === 'exp' && typeof claims?.exp === 'number' && claims.exp < now)
    return `: it expired ${duration(now - claims.exp)} ago`;
  if (id === 'iat' && typeof claims?.iat === 'number' && claims.iat > now)
    return `: it was issued ${duration(claims.iat - now)} from now`;
  return '';
}

/** Why the platform refused, from the first failing check (with the token's claims, when they could be read). */
export function refusal(
  report: VerifyReport,
  claims?: Json,
  now = Math.floor(Date.now() / 1000),
): RefusedView {
  const failed = report.checks.find((check) => check.status === 'fail');
  if (!failed) return { authenticated: false, reason: 'The chat platform refused the token.' };
  return {
    authenticated: false,
    reason: `${plainReasons[failed.id]}${when(failed.id, claims, now)}.`,
    detail: detailOf(failed),
  };
}

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;

/** `{ day, month, year }` as 2025-04-11: no month/day order to misread. */
function calendarDate(value: unknown): string | undefined {
  if (!isObject(value)) return undefined;
  const { day, month, year } = value;
  if (typeof day !== 'number' || typeof month !== 'number' || typeof year !== 'number') return undefined;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A balance with its currency, e.g. `£4,945.25`, or `-$120.55`. */
export function formatBalance(balance: unknown, currency: unknown): string | undefined {
  if (typeof balance !== 'number') return undefined;
  if (typeof currency === 'string' && /^[A-Z]{3}$/.test(currency)) {
    try {
      return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(balance);
    } catch {
      // an unknown code: fall through to the plain number
    }
  }
  return `${balance.toFixed(2)}${typeof currency === 'string' ? ` ${currency}` : ''}`;
}

const capitalized = (value: string | undefined): string | undefined =>
  value === undefined ? undefined : value.charAt(0).toUpperCase() + value.slice(1).toLowerCase();

function rows(entries: Array<[string, string | undefined]>): Row[] {
  return entries
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([label, value]) => ({ label, value }));
}

function sde(lpSdes: unknown, type: string, payloadKey: string): Json | undefined {
  if (!Array.isArray(lpSdes)) return undefined;
  const found = lpSdes.find((entry) => isObject(entry) && entry.type === type) as Json | undefined;
  const payload = found?.[payloadKey];
  return isObject(payload) ? payload : undefined;
}

function customerInfoRows(info: Json): Row[] {
  return rows([
    ['Customer type', text(info.ctype)],
    ['Status', text(info.cstatus)],
    ['Balance', formatBalance(info.balance, info.currency)],
    ['Account', text(info.accountName)],
    ['Customer ID', text(info.customerId)],
    ['User name', text(info.userName)],
    ['Role', text(info.role)],
    ['Company branch', text(info.companyBranch)],
    ['Company size', text(info.companySize)],
    ['Last payment', calendarDate(info.lastPaymentDate)],
    ['Registered', calendarDate(info.registrationDate)],
    ['Login status', text(info.loginStatus)],
    ['Social ID', text(info.socialId)],
    ['IMEI', text(info.imei)],
  ]);
}

function personalInfoRows(personal: Json): Row[] {
  const age = isObject(personal.age) ? personal.age : undefined;
  const contacts = Array.isArray(personal.contacts) ? personal.contacts.filter(isObject) : [];
  const contact = contacts[0];
  const phoneType = text(contact?.phoneType);
  const phone = text(contact?.phone);
  const address = isObject(contact?.address) ? contact.address : undefined;
  const where = [text(address?.region), text(address?.country)].filter(Boolean).join(', ');
  const born = calendarDate(age);
  return rows([
    ['First name', text(personal.firstname)],
    ['Last name', text(personal.lastname)],
    ['Age', text(age?.age) && `${text(age?.age)}${born ? ` (born ${born})` : ''}`],
    ['Gender', capitalized(text(personal.gender))],
    ['Phone', phone && `${phone}${phoneType ? ` (${phoneType.toLowerCase().replace('_', ' ')})` : ''}`],
    ['Email', text(contact?.email)],
    ['Address', where || undefined],
    ['Company', text(personal.company)],
    ['Language', text(personal.language)],
  ]);
}

/** The consumer panel of an authenticated consumer, from the claims the platform verified. */
export function authenticatedView(claims: Json, report: VerifyReport, origin: string): AuthenticatedView {
  const fullName = [text(claims.given_name), text(claims.family_name)].filter(Boolean).join(' ');
  const picture = text(claims.picture);
  const info = sde(claims.lp_sdes, 'ctmrinfo', 'info');
  const personal = sde(claims.lp_sdes, 'personal', 'personal');
  const sections = [
    ...(info ? [{ title: 'Customer info', rows: customerInfoRows(info) }] : []),
    ...(personal ? [{ title: 'Personal info', rows: personalInfoRows(personal) }] : []),
    {
      title: 'Standard claims',
      rows: rows([
        ['Phone number', text(claims.phone_number)],
        ['Username', text(claims.preferred_username)],
        ['Locale', text(claims.locale)],
      ]),
    },
  ].filter((section) => section.rows.length > 0);
  const warnings = report.checks
    .filter((check) => check.status === 'warn' && check.id !== 'google_shape')
    .map((check) => `${plainReasons[check.id]} (${check.found ?? check.id}).`);
  if (claims.email_verified === false)
    warnings.unshift('The identity provider has not verified this email address.');
  return {
    authenticated: true,
    name: text(claims.name) ?? (fullName || 'Unnamed consumer'),
    email: text(claims.email),
    emailVerified: claims.email_verified === true,
    picture: picture?.startsWith(`${origin}/`) ? new URL(picture).pathname : undefined,
    customerId: text(claims.sub),
    sections,
    warnings,
  };
}

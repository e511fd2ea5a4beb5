import { createHash } from 'node:crypto';

const palette = ['#1a73e8', '#188038', '#d93025', '#e37400', '#9334e6', '#007b83', '#b80672', '#3c4043'];

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Initials of a display name: "Jane Doe" → "JD". */
export function initialsOf(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0], parts[parts.length - 1]] : parts;
  return letters.map((part) => [...(part ?? '')][0]?.toUpperCase() ?? '').join('') || '?';
}

/** A round avatar with the person's initials, coloured from their id: what `picture` points at. */
export function avatarSvg(id: string, name: string): string {
  const colour = palette[createHash('sha256').update(id).digest().readUInt8(0) % palette.length];
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96">',
    `<circle cx="48" cy="48" r="48" fill="${colour}"/>`,
    '<text x="48" y="48" dy=".35em" text-anchor="middle" font-family="Arial, Helvetica, sans-serif"',
    ` font-size="38" fill="#fff">${escapeXml(initialsOf(name))}</text>`,
    '</svg>',
  ].join('');
}

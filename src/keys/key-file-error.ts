/** A key file exists but cannot be used; the message names the file and the fix. */
export class KeyFileError extends Error {}

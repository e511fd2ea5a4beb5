/** An error answered as `{ error, error_description }` with its HTTP status (see error-boundary). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly error_description: string,
  ) {
    super(error_description);
  }
}

/** A 400 with an OAuth-style error code and a description that names the fix. */
export const badRequest = (error: string, description: string): HttpError =>
  new HttpError(400, error, description);

/** A rule the user broke; shown next to the field named, answered with 422. */
export class DomainError extends Error {
  constructor(
    message: string,
    readonly field?: string,
    readonly fields: Record<string, string> = field ? { [field]: message } : {},
  ) {
    super(message);
  }

  static fromFields(fields: Record<string, string>): DomainError {
    const first = Object.entries(fields)[0];
    return new DomainError(first ? first[1] : 'Invalid input.', first?.[0], fields);
  }
}

export class NotFound extends Error {
  constructor(what = 'That record') {
    super(`${what} was not found.`);
  }
}

export class Forbidden extends Error {
  constructor(message = 'You are not allowed to do that.') {
    super(message);
  }
}

/** A refusal that is about state, not input (e.g. deleting a package in use): answered with 409. */
export class Conflict extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** A failure no retry can fix (bad credentials, a refused request): stop retrying, tell staff. */
export class PermanentFailure extends Error {}

/** A failure's text as the error columns store it: no NUL (PostgreSQL refuses it in text, and a server's reply may carry one), at most 2,000 characters. */
export const storedReason = (text: string) => text.replaceAll('\u0000', '').slice(0, 2000);

import { argon2, randomBytes, timingSafeEqual } from 'node:crypto';

// argon2id at OWASP's first recommended setting: 19 MiB memory, 2 passes, 1 lane.
const PARAMS = { memory: 19456, passes: 2, parallelism: 1, tagLength: 32 } as const;
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

function derive(password: string, salt: Buffer, p: { memory: number; passes: number; parallelism: number; tagLength: number }) {
  return new Promise<Buffer>((resolve, reject) =>
    argon2('argon2id', { message: password, nonce: salt, ...p }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** A PHC string: $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  const b64 = (b: Buffer) => b.toString('base64').replace(/=+$/, '');
  return `$argon2id$v=19$m=${PARAMS.memory},t=${PARAMS.passes},p=${PARAMS.parallelism}$${b64(salt)}$${b64(key)}`;
}

export async function verifyPassword(password: string, phc: string): Promise<boolean> {
  const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(phc);
  if (!m) return false;
  const expected = Buffer.from(m[5]!, 'base64');
  const [memory, passes, parallelism] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // NOTE: the parameters come from the stored hash; bound them so a damaged or hostile row
  // cannot make a sign-in allocate gigabytes or spin for minutes.
  if (memory > 262_144 || passes > 10 || parallelism > 8 || expected.length < 16) return false;
  try {
    const key = await derive(password, Buffer.from(m[4]!, 'base64'), { memory, passes, parallelism, tagLength: expected.length });
    return timingSafeEqual(key, expected);
  } catch {
    return false;
  }
}

/** Used when the account does not exist, so a sign-in takes as long either way. */
export const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$3nDkZ0Fu5j8KxB0m7Tq6pS8sWq0mYH2vQmP1gk3vC1s';

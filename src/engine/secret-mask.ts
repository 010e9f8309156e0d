/** Shorter fragments would mask ordinary words; a credential worth hiding is longer than this. */
const MIN_FRAGMENT = 8;

/** Fields of a credential document that are secret (`private_key`, `private_key_id`); an email or a URL is not. */
const SECRET_FIELD = /key|secret|token|password/i;

/**
 * The credentials a collector resolved from the config, to be masked wherever a vendor echoes one back (an error body,
 * a message): shape-based redaction catches `ghp_…` or `AKIA…`, not an opaque token or a private key's lines.
 */
export class SecretMask {
  private readonly fragments = new Set<string>();

  add(value: string): void {
    for (const f of fragmentsOf(value)) this.fragments.add(f);
  }

  apply(text: string): string {
    let out = text;
    // Longest first, so a whole value is masked before any part of it.
    for (const f of [...this.fragments].sort((a, b) => b.length - a.length)) out = out.split(f).join('[REDACTED]');
    return out;
  }
}

/** The value, each line of it, and (for a JSON document such as a service-account key) each secret-named field. */
function fragmentsOf(value: string): string[] {
  const out = [value, ...value.split(/\r?\n|\\n/).map((l) => l.trim())];
  try {
    const doc: unknown = JSON.parse(value);
    if (doc !== null && typeof doc === 'object')
      for (const [k, v] of Object.entries(doc))
        if (typeof v === 'string' && SECRET_FIELD.test(k)) out.push(v, ...v.split('\n').map((l) => l.trim()));
  } catch {
    // Not JSON: the value and its lines are all there is.
  }
  return out.filter((f) => f.length >= MIN_FRAGMENT && !/^-----(BEGIN|END) /.test(f));
}

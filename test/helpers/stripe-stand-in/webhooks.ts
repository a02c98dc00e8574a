import Stripe from 'stripe';
import { now, stripeId } from './objects.ts';

export interface Delivery {
  eventId: string;
  type: string;
  attempt: number;
  /** The endpoint's HTTP status, or null when it could not be reached. */
  status: number | null;
  error?: string;
  at: Date;
}

export type WebhookMode = 'immediate' | 'manual';

const ok = (d: Delivery) => d.status !== null && d.status >= 200 && d.status < 300;

/** Events as Stripe creates them, and their delivery to one endpoint, signed the way Stripe signs. */
export class EventOutbox {
  url: string | undefined;
  secret: string | undefined;
  mode: WebhookMode = 'immediate';
  readonly events: Stripe.Event[] = [];
  readonly deliveries: Delivery[] = [];
  /** Ids of events not yet delivered with a 2xx, oldest first. */
  readonly pending: string[] = [];
  attempts = 3;
  retryDelayMs = 100;
  private readonly inflight = new Set<Promise<unknown>>();
  // Immediate deliveries go out one after another, in the order the events happened, so a test
  // sees a stable order; out-of-order arrival is what manual mode is for.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(url?: string, secret?: string) {
    this.url = url;
    this.secret = secret;
  }

  create(type: string, object: { object: string }): Stripe.Event {
    const event = {
      id: stripeId('evt_'),
      object: 'event',
      api_version: Stripe.API_VERSION,
      created: now(),
      // A snapshot: later changes to the object must not leak into an event already sent.
      data: { object: structuredClone(object) },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    } as unknown as Stripe.Event;
    this.events.push(event);
    this.pending.push(event.id);
    // Without an endpoint yet, events wait in `pending` for deliver().
    if (this.mode === 'immediate' && this.url && this.secret) {
      const next = this.queue.then(() => this.sendWithRetries(event));
      this.queue = next.catch(() => undefined);
      this.track(next);
    }
    return event;
  }

  private track(p: Promise<unknown>) {
    this.inflight.add(p);
    p.then(
      () => this.inflight.delete(p),
      () => this.inflight.delete(p),
    );
  }

  private find(id: string): Stripe.Event {
    const event = this.events.find((e) => e.id === id);
    if (!event) throw new Error(`No such event: ${id}`);
    return event;
  }

  private async send(event: Stripe.Event, attempt: number): Promise<Delivery> {
    const url = this.url;
    const secret = this.secret;
    if (!url || !secret) throw new Error('No webhook endpoint: pass webhookUrl and webhookSecret, or call setWebhook(url, secret)');
    const payload = JSON.stringify(event, null, 2);
    const delivery: Delivery = { eventId: event.id, type: event.type, attempt, status: null, at: new Date() };
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret }),
        },
        body: payload,
        signal: AbortSignal.timeout(10_000),
      });
      delivery.status = res.status;
      await res.arrayBuffer().catch(() => undefined);
    } catch (e) {
      delivery.error = e instanceof Error ? e.message : String(e);
    }
    this.deliveries.push(delivery);
    if (ok(delivery)) {
      const i = this.pending.indexOf(event.id);
      if (i >= 0) this.pending.splice(i, 1);
    }
    return delivery;
  }

  private async sendWithRetries(event: Stripe.Event): Promise<Delivery> {
    let last: Delivery | undefined;
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      last = await this.send(event, attempt);
      if (ok(last)) break;
      if (attempt < this.attempts) await new Promise((r) => setTimeout(r, this.retryDelayMs * attempt));
    }
    return last!;
  }

  /** One event (sent even if it went out before: a duplicate), or every pending one in creation order. */
  async deliver(eventId?: string): Promise<Delivery[]> {
    const ids = eventId ? [eventId] : [...this.pending];
    const out: Delivery[] = [];
    for (const id of ids) out.push(await this.sendOnce(this.find(id)));
    return out;
  }

  /** Every pending event (or every event, with `all`), `times` times over, in creation order or reversed: what a flaky network does. */
  async deliverAll(opts: { order?: 'as-created' | 'reverse'; times?: number; all?: boolean } = {}): Promise<Delivery[]> {
    const chosen = opts.all ? this.events.map((e) => e.id) : [...this.pending];
    const ids = opts.order === 'reverse' ? chosen.reverse() : chosen;
    const out: Delivery[] = [];
    for (let round = 0; round < (opts.times ?? 1); round++) {
      for (const id of ids) out.push(await this.sendOnce(this.find(id)));
    }
    return out;
  }

  private sendOnce(event: Stripe.Event): Promise<Delivery> {
    const attempt = this.deliveries.filter((d) => d.eventId === event.id).length + 1;
    const p = this.send(event, attempt);
    this.track(p);
    return p;
  }

  async idle(): Promise<void> {
    while (this.inflight.size) await Promise.allSettled([...this.inflight]);
  }
}

/**
 * A send that did not go through. `permanent` means trying again cannot help (the receiver rejected
 * the address or the message); `retryAfterMs` is how long the receiver asked us to wait.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly options: { permanent?: boolean; retryAfterMs?: number } = {},
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

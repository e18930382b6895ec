/**
 * Tells the other tabs of this browser that the person signed out. They share the session cookie,
 * so they are signed out too; told at once, they go to the sign-in page without first sending a
 * request that can only be answered 401.
 */
const CHANNEL_NAME = 'runwatch-session';
const SIGNED_OUT = 'signed-out';

export function announceSignedOut(): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(CHANNEL_NAME);
  channel.postMessage(SIGNED_OUT);
  channel.close();
}

/** Calls `listener` when another tab signs out; returns the unsubscribe function. */
export function onSignedOutElsewhere(listener: () => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => {};
  const channel = new BroadcastChannel(CHANNEL_NAME);
  channel.onmessage = (event: MessageEvent) => {
    if (event.data === SIGNED_OUT) listener();
  };
  return () => channel.close();
}

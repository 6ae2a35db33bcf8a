/** Replaces every `0x<hex>` address by `0x…`, as the recorder does. */
export function maskAddresses(message: string): string {
  return message.replace(/0x(?:[0-9a-fA-F]+|…)/g, '0x…');
}

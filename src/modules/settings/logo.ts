/** Logo rules shared by the upload use case and the routes that set upload limits. */

export const LOGO_MAX_BYTES = 512 * 1024;

export type LogoType = 'image/png' | 'image/jpeg';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff]);

/** The image type from the file's first bytes; its name and declared type are not trusted. */
export function sniffLogoType(bytes: Buffer): LogoType | undefined {
  if (bytes.length > PNG.length && bytes.subarray(0, PNG.length).equals(PNG)) return 'image/png';
  if (bytes.length > JPEG.length && bytes.subarray(0, JPEG.length).equals(JPEG)) return 'image/jpeg';
  return undefined;
}

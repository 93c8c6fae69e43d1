/** GSM 03.38 basic character set (one septet each). */
const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** GSM 03.38 extension table (an escape plus one septet: two each). */
const GSM7_EXTENSION = '\f^{}\\[~]|€';

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g;

/** The variable names a template body uses, in order of first use. */
export function placeholders(body: string): string[] {
  const names: string[] = [];
  for (const match of body.matchAll(PLACEHOLDER)) {
    const name = match[1];
    if (name !== undefined && !names.includes(name)) names.push(name);
  }
  return names;
}

/** Fills `{{name}}` placeholders; unknown ones are left as they are. */
export function render(body: string, variables: { readonly [name: string]: string }): string {
  return body.replace(PLACEHOLDER, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(variables, name) ? (variables[name] ?? whole) : whole,
  );
}

/**
 * How many SMS parts a text needs: GSM-7 when every character is in the GSM
 * alphabet (160 septets, 153 per part when split), else UCS-2 (70 UTF-16 units,
 * 67 per part).
 */
export function smsSegments(text: string): number {
  let septets = 0;
  let gsm = true;
  for (const char of text) {
    if (GSM7_BASIC.includes(char)) septets += 1;
    else if (GSM7_EXTENSION.includes(char)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) return septets <= 160 ? 1 : Math.ceil(septets / 153);
  const units = text.length;
  return units <= 70 ? 1 : Math.ceil(units / 67);
}

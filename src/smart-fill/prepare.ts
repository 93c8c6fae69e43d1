/**
 * What the engine reads with besides its own rules, loaded with it on the first fill.
 * Internal to `src/smart-fill/` (exported from its index).
 */
import { loadFullPhoneMetadata } from '../phone/phone-number.js';

/**
 * Loads the phone metadata of every region (its own chunk, ~19 KB gzipped), so a national number
 * said in an Irish, New Zealand or Indian call is read in that region, not only in the regions the
 * first paint knows. Call it once before a direct `smartFill` (`runSmartFill`, which the
 * workbench uses, does). Never rejects: when the chunk does not load, the engine still reads the first-paint regions.
 */
export async function prepareSmartFill(): Promise<void> {
  try {
    await loadFullPhoneMetadata();
  } catch {
    // Offline or a 404 after a deploy: the first-paint regions still work.
  }
}

/** Side-effect entry: registers `<schema-form>`. */
import { registerSchemaForm } from './register.js';
import type { SchemaForm } from './schema-form.js';

registerSchemaForm();

declare global {
  interface HTMLElementTagNameMap {
    'schema-form': SchemaForm;
  }
}

import { TextArea } from './form.tsx';

/**
 * An HTML field: a plain textarea of HTML that public/rich-text.js turns into a rich text editor
 * (Trix) with a toggle back to this source view. The textarea stays the one form field either
 * way, so the page works the same without JavaScript. The server sanitizes what it saves.
 */
export function RichTextArea(props: {
  name: string;
  label: string;
  value?: string;
  error?: string;
  hint?: string;
  rows?: number;
  id?: string;
  prefix?: string;
  class?: string;
}) {
  return <TextArea {...props} class={`rich-text ${props.class ?? ''}`} extra={{ 'data-rich-text': '' }} />;
}

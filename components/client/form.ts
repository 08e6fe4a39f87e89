/** A text field's value from a submitted form ('' when absent or a file). */
export const formText = (form: FormData, name: string): string => {
  const v = form.get(name);
  return typeof v === 'string' ? v : '';
};

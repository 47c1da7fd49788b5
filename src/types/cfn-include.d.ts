/** cfn-include ships no types: its CommonJS export is `include({ template, url })`. */
declare module 'cfn-include' {
  const include: (options: { template: unknown; url: string }) => Promise<unknown>;
  export default include;
}

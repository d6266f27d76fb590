/**
 * The few parts of the `sip` package (CommonJS, untyped) that the parser benchmark uses as its
 * baseline.
 */
declare module 'sip' {
  interface SipPackageAddress {
    readonly name?: string;
    readonly uri: string;
    readonly params: Readonly<Record<string, string | null>>;
  }
  interface SipPackageVia {
    readonly host: string;
    readonly port?: number;
    readonly params: Readonly<Record<string, string | null>>;
  }
  interface SipPackageHeaders {
    readonly via?: readonly SipPackageVia[];
    readonly cseq?: { readonly seq: number; readonly method: string };
    readonly 'call-id'?: string;
    readonly from?: SipPackageAddress;
    readonly to?: SipPackageAddress;
    readonly contact?: readonly SipPackageAddress[] | '*';
  }
  interface SipPackageMessage {
    readonly method?: string;
    readonly status?: number;
    readonly headers: SipPackageHeaders;
    readonly content?: string;
  }
  const sip: { parse(data: string | Buffer): SipPackageMessage | undefined };
  export default sip;
}

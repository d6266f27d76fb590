/**
 * ACL templates of policies (seed API-03): the small part of Jinja2 the reference platform's
 * policies use, rendered with the token's variables when a token is created. `{{ a.b }}` inserts
 * a variable, `{% for x in a.list %}…{% endfor %}` repeats, `{% if a %}…{% endif %}` keeps a part
 * when the value is truthy (not null, false, 0, '' or an empty list). A loop that makes several
 * ACLs ends each with `:`, the separator; a newline is not one.
 *
 * @remarks
 * Parsed once into a tree: a template with anything else (filters, other tags, an unclosed block)
 * is refused with the reason, so a policy is checked when it is written, not when a user logs in.
 * A rendered ACL with an empty word (`confd.users..read`, from a missing variable) is dropped:
 * it could only ever match by accident.
 */
type Node =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'value'; readonly path: readonly string[] }
  | { readonly type: 'for'; readonly variable: string; readonly path: readonly string[]; readonly body: readonly Node[] }
  | { readonly type: 'if'; readonly path: readonly string[]; readonly body: readonly Node[] };

type OpenBlock = { readonly type: 'for'; readonly variable: string; readonly path: readonly string[] } | { readonly type: 'if'; readonly path: readonly string[] };

export type AclTemplate = { readonly type: 'ok'; readonly nodes: readonly Node[] } | { readonly type: 'invalid'; readonly reason: string };

const PATH = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const TOKEN = /\{\{(.*?)\}\}|\{%(.*?)%\}/gs;

/** Parses a template; `invalid` names the first thing it does not understand. */
export function parseAclTemplate(source: string): AclTemplate {
  const stack: { readonly close: 'endfor' | 'endif' | 'root'; readonly nodes: Node[]; readonly open?: OpenBlock }[] = [{ close: 'root', nodes: [] }];
  let last = 0;
  for (const match of source.matchAll(TOKEN)) {
    const top = stack[stack.length - 1];
    if (top === undefined) return { type: 'invalid', reason: 'unbalanced blocks' };
    if (match.index > last) top.nodes.push({ type: 'text', text: source.slice(last, match.index) });
    last = match.index + match[0].length;
    if (match[1] !== undefined) {
      const path = match[1].trim();
      if (!PATH.test(path)) return { type: 'invalid', reason: `unsupported expression {{${match[1]}}}` };
      top.nodes.push({ type: 'value', path: path.split('.') });
      continue;
    }
    const words = (match[2] ?? '').trim().split(/\s+/);
    if (words[0] === 'for' && words.length === 4 && words[2] === 'in' && /^[A-Za-z_]\w*$/.test(words[1] ?? '') && PATH.test(words[3] ?? '')) {
      stack.push({ close: 'endfor', nodes: [], open: { type: 'for', variable: words[1] ?? '', path: (words[3] ?? '').split('.') } });
    } else if (words[0] === 'if' && words.length === 2 && PATH.test(words[1] ?? '')) {
      stack.push({ close: 'endif', nodes: [], open: { type: 'if', path: (words[1] ?? '').split('.') } });
    } else if ((words[0] === 'endfor' || words[0] === 'endif') && words.length === 1 && top.close === words[0] && top.open !== undefined) {
      stack.pop();
      stack[stack.length - 1]?.nodes.push({ ...top.open, body: top.nodes });
    } else {
      return { type: 'invalid', reason: `unsupported tag {%${match[2] ?? ''}%}` };
    }
  }
  const root = stack[0];
  if (stack.length !== 1 || root === undefined) return { type: 'invalid', reason: `unclosed {% ${stack[stack.length - 1]?.open?.type ?? ''} %}` };
  if (last < source.length) root.nodes.push({ type: 'text', text: source.slice(last) });
  if (/\{\{|\{%|%\}|\}\}/.test(root.nodes.filter((node) => node.type === 'text').map((node) => (node as { text: string }).text).join(''))) {
    return { type: 'invalid', reason: 'unbalanced {{ }} or {% %}' };
  }
  return { type: 'ok', nodes: root.nodes };
}

function lookup(scope: Readonly<Record<string, unknown>>, path: readonly string[]): unknown {
  let value: unknown = scope;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

const truthy = (value: unknown): boolean => !(value === undefined || value === null || value === false || value === 0 || value === '' || (Array.isArray(value) && value.length === 0));

function renderNodes(nodes: readonly Node[], scope: Readonly<Record<string, unknown>>): string {
  let out = '';
  for (const node of nodes) {
    if (node.type === 'text') out += node.text;
    else if (node.type === 'value') {
      const value = lookup(scope, node.path);
      out += typeof value === 'string' || typeof value === 'number' ? String(value) : '';
    } else if (node.type === 'if') {
      if (truthy(lookup(scope, node.path))) out += renderNodes(node.body, scope);
    } else {
      const items = lookup(scope, node.path);
      if (Array.isArray(items)) for (const item of items) out += renderNodes(node.body, { ...scope, [node.variable]: item });
    }
  }
  return out;
}

/** Renders parsed templates with the token's variables into its ACLs (split on `:`, trimmed, without empty words). */
export function renderAcls(templates: readonly AclTemplate[], variables: Readonly<Record<string, unknown>>): string[] {
  return templates
    .flatMap((template) => (template.type === 'ok' ? renderNodes(template.nodes, variables).split(':') : []))
    .map((acl) => acl.trim())
    .filter((acl) => acl !== '' && !acl.split('.').includes(''));
}

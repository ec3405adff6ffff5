//! `cat!`, a `format!` without `core::fmt`: `concat::cat!("a {b} c {}", d)` expands
//! to pushes into a `String`, each argument appended through the `Piece`
//! trait of the calling crate (`crate::pieces::Piece`). Only `{}` and `{name}`
//! are supported (no format specs): that is all enrich-hook's messages use,
//! and dropping the formatting machinery takes kilobytes off the wasm.

use proc_macro::{Delimiter, Group, Ident, Punct, Spacing, Span, TokenStream, TokenTree};

#[proc_macro]
pub fn cat(input: TokenStream) -> TokenStream {
    let mut tokens = input.into_iter();
    let Some(TokenTree::Literal(lit)) = tokens.next() else {
        return error("concat::cat! needs a string literal first");
    };
    let raw = lit.to_string();
    let Some(body) = raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) else {
        return error("concat::cat! takes a plain string literal (not raw)");
    };
    // The positional arguments after the literal, split at top-level commas.
    let mut args: Vec<TokenStream> = vec![];
    let mut cur = TokenStream::new();
    for t in tokens {
        match &t {
            TokenTree::Punct(p) if p.as_char() == ',' => {
                if !cur.is_empty() {
                    args.push(std::mem::take(&mut cur));
                }
            }
            _ => cur.extend([t]),
        }
    }
    if !cur.is_empty() {
        args.push(cur);
    }
    let mut args = args.into_iter();

    let mut out = String::from("{ let mut __s = ::alloc::string::String::new();");
    let mut lit_buf = String::new();
    let flush = |buf: &mut String, out: &mut String| {
        if !buf.is_empty() {
            out.push_str(&std::format!("__s.push_str(\"{buf}\");"));
            buf.clear();
        }
    };
    let mut chars = body.chars().peekable();
    let mut exprs: Vec<TokenStream> = vec![];
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                lit_buf.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                lit_buf.push('}');
            }
            '{' => {
                let mut name = String::new();
                for n in chars.by_ref() {
                    if n == '}' {
                        break;
                    }
                    name.push(n);
                }
                if name.contains(':') {
                    return error("concat::cat! supports only {} and {name}");
                }
                flush(&mut lit_buf, &mut out);
                let expr = if name.is_empty() {
                    match args.next() {
                        Some(a) => a,
                        None => return error("concat::cat!: more {} than arguments"),
                    }
                } else {
                    TokenStream::from(TokenTree::Ident(Ident::new(&name, Span::call_site())))
                };
                out.push_str(&std::format!("crate::pieces::Piece::push_to(__e{}, &mut __s);", exprs.len()));
                exprs.push(expr);
            }
            '\\' => {
                // Keep escapes as written: the pieces are re-emitted as literals.
                lit_buf.push('\\');
                if let Some(n) = chars.next() {
                    lit_buf.push(n);
                }
            }
            c => lit_buf.push(c),
        }
    }
    flush(&mut lit_buf, &mut out);
    out.push_str("__s }");
    // Bind each argument once, in order, before building.
    let mut ts = TokenStream::new();
    let mut lets = TokenStream::new();
    for (i, e) in exprs.into_iter().enumerate() {
        // By reference: an argument is never moved, temporaries live long enough.
        let stmt: TokenStream = std::format!("let __e{i} = &").parse().unwrap();
        lets.extend(stmt);
        lets.extend([TokenTree::Group(Group::new(Delimiter::Parenthesis, e))]);
        lets.extend([TokenTree::Punct(Punct::new(';', Spacing::Alone))]);
    }
    lets.extend(out.parse::<TokenStream>().unwrap());
    ts.extend([TokenTree::Group(Group::new(Delimiter::Brace, lets))]);
    ts
}

fn error(msg: &str) -> TokenStream {
    std::format!("compile_error!(\"{msg}\")").parse().unwrap()
}

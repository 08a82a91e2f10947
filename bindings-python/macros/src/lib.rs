//! `#[catch_panics]`: the boundary of `jiesu-python`, where Python calls into Rust.
//!
//! Put above `#[pyfunction]`, `#[pymethods]`, `#[pymodule]` and every `impl FromPyObject` of the
//! binding (an argument's extraction runs before the function's body); the attribute must come
//! first, above pyo3's own. It does two things to each function:
//!
//! - The body becomes a closure run by `crate::boundary::guard` (a `std::panic::catch_unwind`,
//!   free on the path that does not panic), so a panic raises `jiesu.JiesuError` with
//!   `.code == "internal"` instead of pyo3's `PanicException`. A function that returns
//!   `PyResult<T>` or `Result<T, E>` keeps its type; any other `T` (or `()`) becomes
//!   `PyResult<T>`, which pyo3 takes the same way.
//! - In a function of its own (not a trait's), an argument of type `&str`, `String`,
//!   `Option<&str>` or `Option<String>` is extracted as `crate::boundary::Text` (a `str` whose
//!   lone surrogates, which UTF-8 cannot hold, are read as U+FFFD, as JS strings reach the WASM
//!   build) and rebound to its declared type at the top of the body, so that such a `str` reaches
//!   the core (and its typed error) instead of raising `UnicodeEncodeError`.
//!
//! Everything else (attributes, docs, argument names, `#[pyo3(...)]` signatures) is as written.

use proc_macro::TokenStream;
use proc_macro2::{Literal, TokenStream as Tokens, TokenTree};
use quote::quote;
use syn::{
    parse_macro_input, Attribute, Block, FnArg, GenericArgument, ImplItem, Item, Pat,
    PathArguments, ReturnType, Signature, Type,
};

/// Guards the body of a function, or of every function of an `impl` block (see the crate docs).
#[proc_macro_attribute]
pub fn catch_panics(attr: TokenStream, item: TokenStream) -> TokenStream {
    if !attr.is_empty() {
        return syn::Error::new(
            Tokens::from(attr)
                .into_iter()
                .next()
                .map_or_else(proc_macro2::Span::call_site, |t| t.span()),
            "#[catch_panics] takes no arguments",
        )
        .to_compile_error()
        .into();
    }
    let mut item = parse_macro_input!(item as Item);
    let guarded = match &mut item {
        Item::Fn(f) => guard(&f.attrs, &mut f.sig, &mut f.block, true),
        Item::Impl(block) => {
            let own = block.trait_.is_none();
            block.items.iter_mut().try_for_each(|member| match member {
                ImplItem::Fn(f) => guard(&f.attrs, &mut f.sig, &mut f.block, own),
                _ => Ok(()),
            })
        }
        other => {
            return syn::Error::new_spanned(
                other,
                "#[catch_panics] goes on a function or an impl block",
            )
            .to_compile_error()
            .into();
        }
    };
    match guarded {
        Ok(()) => quote!(#item).into(),
        Err(e) => e.to_compile_error().into(),
    }
}

/// The last path segment of a type, if it is a plain path (`PyResult<T>` → `PyResult`).
fn last_segment(ty: &Type) -> Option<&syn::PathSegment> {
    match ty {
        Type::Path(p) if p.qself.is_none() => p.path.segments.last(),
        Type::Group(g) => last_segment(&g.elem),
        Type::Paren(p) => last_segment(&p.elem),
        _ => None,
    }
}

/// Whether a return type is a `Result` (`PyResult<T>`, `Result<T, E>`, by the last path segment).
fn is_result(ty: &Type) -> bool {
    last_segment(ty).is_some_and(|s| s.ident == "PyResult" || s.ident == "Result")
}

/// How a text argument is declared: `&str` (borrowed) or `String` (owned).
#[derive(Clone, Copy)]
enum TextKind {
    Borrowed,
    Owned,
}

/// The text kind of `&str` / `String`.
fn text_kind(ty: &Type) -> Option<TextKind> {
    match ty {
        Type::Reference(r) if r.mutability.is_none() => {
            last_segment(&r.elem).and_then(|s| (s.ident == "str").then_some(TextKind::Borrowed))
        }
        _ => last_segment(ty).and_then(|s| {
            (s.ident == "String" && s.arguments.is_none()).then_some(TextKind::Owned)
        }),
    }
}

/// The text kind of `Option<&str>` / `Option<String>`.
fn optional_text_kind(ty: &Type) -> Option<TextKind> {
    let segment = last_segment(ty).filter(|s| s.ident == "Option")?;
    let PathArguments::AngleBracketed(args) = &segment.arguments else {
        return None;
    };
    match args.args.first() {
        Some(GenericArgument::Type(inner)) if args.args.len() == 1 => text_kind(inner),
        _ => None,
    }
}

/// The arguments that `#[pyo3(signature = (...))]` gives a string literal default
/// (`level = "center"`), with the literal.
fn literal_defaults(attrs: &[Attribute]) -> Vec<(String, Literal)> {
    let mut found = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("pyo3")) {
        let Ok(list) = attr.meta.require_list() else {
            continue;
        };
        let tokens: Vec<TokenTree> = list.tokens.clone().into_iter().collect();
        for pair in tokens.windows(3) {
            let [TokenTree::Ident(key), TokenTree::Punct(eq), TokenTree::Group(group)] = pair
            else {
                continue;
            };
            if key != "signature" || eq.as_char() != '=' {
                continue;
            }
            let inner: Vec<TokenTree> = group.stream().into_iter().collect();
            for arg in inner.windows(3) {
                if let [TokenTree::Ident(name), TokenTree::Punct(eq), TokenTree::Literal(lit)] = arg
                {
                    if eq.as_char() == '=' && lit.to_string().starts_with('"') {
                        found.push((name.to_string(), lit.clone()));
                    }
                }
            }
        }
    }
    found
}

/// Declares each text argument as `crate::boundary::Text` and gives back the statements that
/// rebind it to its declared type, for the top of the body. A text argument whose default is a
/// string literal is a compile error (pyo3 would need a `Text` default): give it `None` and the
/// default in the body (and the literal in `text_signature`).
fn text_arguments(attrs: &[Attribute], sig: &mut Signature) -> syn::Result<Vec<Tokens>> {
    let defaults = literal_defaults(attrs);
    let mut rebind = Vec::new();
    for input in &mut sig.inputs {
        let FnArg::Typed(arg) = input else { continue };
        let Pat::Ident(ident) = &*arg.pat else {
            continue;
        };
        if !arg.attrs.is_empty() || ident.by_ref.is_some() || ident.subpat.is_some() {
            continue;
        }
        let name = ident.ident.clone();
        if text_kind(&arg.ty).is_some() || optional_text_kind(&arg.ty).is_some() {
            if let Some((_, lit)) = defaults.iter().find(|(n, _)| name == n) {
                return Err(syn::Error::new(
                    lit.span(),
                    format!(
                        "#[catch_panics]: the text argument `{name}` cannot default to a string \
                         literal; declare it Option<&str> with default None, apply the default in \
                         the body and show it in #[pyo3(text_signature = \"...\")]"
                    ),
                ));
            }
        }
        let pattern = arg.pat.clone();
        let declared = arg.ty.clone();
        let (ty, value): (Type, Tokens) = if let Some(kind) = text_kind(&arg.ty) {
            let value = match kind {
                TextKind::Borrowed => quote!(&*#name),
                TextKind::Owned => quote!(#name.into_string()),
            };
            (syn::parse_quote!(crate::boundary::Text<'_>), value)
        } else if let Some(kind) = optional_text_kind(&arg.ty) {
            let value = match kind {
                TextKind::Borrowed => quote!(#name.as_deref()),
                TextKind::Owned => quote!(#name.map(crate::boundary::Text::into_string)),
            };
            (
                syn::parse_quote!(::core::option::Option<crate::boundary::Text<'_>>),
                value,
            )
        } else {
            continue;
        };
        *arg.ty = ty;
        *arg.pat = syn::parse_quote!(#name);
        rebind.push(quote!(let #pattern: #declared = #value;));
    }
    Ok(rebind)
}

/// Runs the body under `crate::boundary::guard` (a `Result`) or `guard_value` (any other type,
/// which then returns `PyResult` of it). The closure's type is named through the helper's
/// turbofish, so `?` and `return` inside the body mean what they meant in the function.
fn guard(
    attrs: &[Attribute],
    sig: &mut Signature,
    block: &mut Block,
    own: bool,
) -> syn::Result<()> {
    let rebind = if own {
        text_arguments(attrs, sig)?
    } else {
        Vec::new()
    };
    let body = quote!({ #(#rebind)* #block });
    let wrapped = match sig.output.clone() {
        ReturnType::Type(_, ty) if is_result(&ty) => {
            quote!({ crate::boundary::guard::<#ty, _>(move || #body) })
        }
        ReturnType::Type(arrow, ty) => {
            sig.output = syn::parse_quote!(#arrow ::pyo3::PyResult<#ty>);
            quote!({ crate::boundary::guard_value::<#ty, _>(move || #body) })
        }
        ReturnType::Default => {
            sig.output = syn::parse_quote!(-> ::pyo3::PyResult<()>);
            quote!({ crate::boundary::guard_value::<(), _>(move || #body) })
        }
    };
    *block = syn::parse_quote!(#wrapped);
    Ok(())
}

import HippoMeta

/// The pages' one stylesheet, served by the registry itself (no external fonts, scripts or CDNs): system fonts,
/// a single column that fits a phone, dark colours when the reader's system asks for them.
enum WebStylesheet {
    /// The CSS text: the fixed rules, then one rule per metadata type that shows its fields on the search form as
    /// soon as the type is picked (CSS `:has`, so no script is needed; without it the fields show after a search).
    static let text: String = base + MetadataKind.all.keys.sorted().map { tag in
        "form.search:has(#type option[value=\"\(tag)\"]:checked) .fields-\(tag) { display: grid; }\n"
    }.joined()

    static let base = """
        :root { color-scheme: light dark; --bg: #fdfdfc; --fg: #1d1f21; --muted: #5f6368; --line: #d9dcdf; --card: #ffffff;
          --accent: #1a5fb4; --badge: #e8eef7; --problem: #a51d2d; }
        @media (prefers-color-scheme: dark) {
          :root { --bg: #16181b; --fg: #e6e6e6; --muted: #a0a6ad; --line: #33373c; --card: #1e2125; --accent: #8cb4ff;
            --badge: #26334a; --problem: #ff7b72; }
        }
        * { box-sizing: border-box; }
        body { margin: 0; background: var(--bg); color: var(--fg); font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
        a { color: var(--accent); }
        main { max-width: 60rem; margin: 0 auto; padding: 0.5rem 1rem 2rem; }
        h1 { font-size: 1.6rem; margin: 1rem 0 0.5rem; overflow-wrap: anywhere; }
        h2 { font-size: 1.2rem; margin: 1.5rem 0 0.5rem; border-bottom: 1px solid var(--line); }
        code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.9em; overflow-wrap: anywhere; }
        .bar { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; padding: 0.5rem 1rem; border-bottom: 1px solid var(--line); background: var(--card); }
        .brand { font-weight: 600; text-decoration: none; color: var(--fg); }
        .quick { display: flex; gap: 0.25rem; flex: 1 1 14rem; }
        .quick input { flex: 1; min-width: 0; }
        .who { display: flex; gap: 0.5rem; align-items: center; }
        .who form { margin: 0; }
        input, select, button { font: inherit; padding: 0.3rem 0.5rem; border: 1px solid var(--line); border-radius: 4px; background: var(--bg); color: var(--fg); }
        button { background: var(--accent); color: var(--bg); border-color: var(--accent); cursor: pointer; }
        .cards { list-style: none; padding: 0; margin: 0; display: grid; gap: 0.5rem; }
        .card { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 0.5rem 0.75rem; overflow-wrap: anywhere; }
        .card p { margin: 0.25rem 0 0; }
        .name { font-weight: 600; }
        .muted, .empty, .hint { color: var(--muted); }
        .badge { display: inline-block; padding: 0 0.4rem; border-radius: 4px; background: var(--badge); font-size: 0.85em; }
        .badge.old { background: var(--problem); color: var(--bg); }
        .problem { color: var(--problem); font-weight: 600; }
        .facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0.5rem 0; }
        .facts dt { color: var(--muted); }
        .facts dd { margin: 0; overflow-wrap: anywhere; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; vertical-align: top; padding: 0.3rem 0.5rem; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
        .metadata th { width: 30%; color: var(--muted); font-weight: normal; }
        .scroll { overflow-x: auto; }
        .checksum { white-space: nowrap; }
        .preview { margin: 1rem 0; }
        .preview img { width: 100%; max-width: 32rem; height: auto; border: 1px solid var(--line); background: #000; image-rendering: pixelated; }
        .preview figcaption { color: var(--muted); font-size: 0.9em; }
        .versions li { margin-bottom: 0.5rem; }
        .versions li.shown > a { font-weight: 700; }
        .changes { margin: 0.25rem 0; color: var(--muted); overflow-wrap: anywhere; }
        .tree { list-style: none; padding-left: 1rem; margin: 0.25rem 0; border-left: 1px solid var(--line); }
        .tree .node { margin: 0.2rem 0; overflow-wrap: anywhere; }
        .search .row { display: grid; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); gap: 0.5rem 1rem; }
        .search label, .login label { display: grid; gap: 0.2rem; }
        .fields { display: none; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); gap: 0.5rem 1rem; margin: 0.75rem 0; border: 1px solid var(--line); border-radius: 6px; }
        @supports not selector(:has(a)) { .fields.chosen { display: grid; } }
        .login { display: grid; gap: 0.75rem; max-width: 24rem; }
        .pages { display: flex; gap: 1rem; margin: 1rem 0; }
        footer { max-width: 60rem; margin: 0 auto; padding: 1rem; color: var(--muted); font-size: 0.9em; }

        """
}

import Mustache

/// The pages' Mustache templates, compiled once. `{{name}}` HTML-escapes (`< > & " '`), and no template uses the
/// unescaped `{{{name}}}` or `{{&name}}` forms: every string a user supplied reaches a page escaped.
enum WebTemplates {
    /// The compiled templates, or why they did not compile (a fault of this file, reported when the server starts).
    static let compiled: Result<MustacheLibrary, any Error> = Result {
        var library = MustacheLibrary()
        for (name, text) in sources { try library.register(text, named: name) }
        return library
    }

    /// Every template by name: pages extend `layout`; `products`, `collections`, `pages`, `tree` and
    /// `access` are partials.
    static let sources: [(String, String)] = [
        ("layout", layout), ("products", products), ("collections", collections), ("pages", pages), ("tree", tree),
        ("access", access),
        ("home", home), ("search", search), ("product", product), ("collection", collection), ("login", login), ("error", error),
    ]

    static let layout = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light dark">
        <meta name="referrer" content="same-origin">
        <title>{{$title}}HIPPO{{/title}} · HIPPO registry</title>
        <link rel="stylesheet" href="/web/style.css">
        </head>
        <body>
        <header class="bar">
        <a class="brand" href="/web">HIPPO registry</a>
        <form class="quick" action="/web/search" method="get" role="search">
        <input type="search" name="q" placeholder="Search names" aria-label="Search names" value="{{quickText}}">
        <button type="submit">Search</button>
        </form>
        <nav class="who">
        {{#visitor.hasName}}<span class="user" id="visitor">{{visitor.name}}</span>{{/visitor.hasName}}
        {{#visitor.loggedIn}}<form action="/web/logout" method="post"><button type="submit" id="logout">Log out</button></form>{{/visitor.loggedIn}}
        {{#visitor.offerLogin}}<a href="/web/login" id="login">Log in</a>{{/visitor.offerLogin}}
        </nav>
        </header>
        <main>
        {{$content}}{{/content}}
        </main>
        <footer><a href="/web">Home</a> · <a href="/web/search">Search</a> · served by sci</footer>
        </body>
        </html>

        """

    static let products = """
        <ul class="cards products">
        {{#products}}
        <li class="card">
        <a class="name" href="/web/product/{{id}}">{{name}}</a> <span class="badge">v{{version}}</span> <span class="badge type">{{type}}</span>
        {{#hasDescription}}<p class="description">{{description}}</p>{{/hasDescription}}
        <p class="muted">by <a href="/web/search?owner={{ownerQuery}}">{{owner}}</a> · updated <time datetime="{{updated}}">{{updatedText}}</time> · {{sourceCount}}</p>
        </li>
        {{/products}}
        </ul>
        """

    static let collections = """
        <ul class="cards collections">
        {{#collections}}
        <li class="card">
        <a class="name" href="/web/collection/{{id}}">{{name}}</a>
        {{#hasDescription}}<p class="description">{{description}}</p>{{/hasDescription}}
        <p class="muted">by <a href="/web/search?owner={{ownerQuery}}">{{owner}}</a></p>
        </li>
        {{/collections}}
        </ul>
        """

    static let pages = """
        {{#paging}}
        <nav class="pages">
        {{#hasPrevious}}<a rel="prev" href="{{previous}}">← Previous</a>{{/hasPrevious}}
        <span>page {{number}}</span>
        {{#hasNext}}<a rel="next" href="{{next}}">Next →</a>{{/hasNext}}
        </nav>
        {{/paging}}
        """

    static let tree = """
        <ul class="tree">
        {{#children}}
        <li class="node collection"><details open><summary><a href="/web/collection/{{id}}">{{name}}</a> <span class="muted">collection</span></summary>
        {{#truncated}}<p class="muted">more below; <a href="/web/collection/{{id}}">open this collection</a> to see them</p>{{/truncated}}
        {{>tree}}
        </details></li>
        {{/children}}
        {{#products}}
        <li class="node product"><a href="/web/product/{{id}}">{{name}}</a> <span class="badge">v{{version}}</span> <span class="muted">{{owner}}</span></li>
        {{/products}}
        </ul>
        """

    /// A product's or collection's readers and writers, for those allowed to see them.
    static let access = """
        {{#access}}
        <h2>Access</h2>
        <dl class="facts access">
        <dt>Readers</dt><dd>{{readers}}</dd>
        <dt>Writers</dt><dd>{{writers}}</dd>
        </dl>
        {{/access}}
        """

    static let home = """
        {{<layout}}
        {{$title}}Recent products and collections{{/title}}
        {{$content}}
        <h1>Recent products</h1>
        {{#hasProducts}}{{>products}}{{/hasProducts}}
        {{^hasProducts}}<p class="empty">No products you may read among the newest.</p>{{/hasProducts}}
        <p><a href="/web/search?q=" id="all-products">All products you may read →</a></p>
        <h2>Recent collections</h2>
        {{#hasCollections}}{{>collections}}{{/hasCollections}}
        {{^hasCollections}}<p class="empty">No collections you may read yet.</p>{{/hasCollections}}
        {{/content}}
        {{/layout}}
        """

    static let search = """
        {{<layout}}
        {{$title}}Search{{/title}}
        {{$content}}
        <h1>Search</h1>
        <form class="search" action="/web/search" method="get">
        <div class="row">
        <label>Name holds <input type="search" name="q" value="{{text}}" placeholder="words of the name"></label>
        <label>Owner <input type="text" name="owner" value="{{owner}}" placeholder="user name"></label>
        <label>Metadata type <select name="type" id="type">
        <option value="">any</option>
        {{#types}}<option value="{{tag}}"{{#selected}} selected{{/selected}}>{{tag}}</option>{{/types}}
        </select></label>
        </div>
        {{#types}}
        {{#hasFields}}
        <fieldset class="fields fields-{{tag}}{{#selected}} chosen{{/selected}}">
        <legend>{{tag}} fields</legend>
        {{#fields}}
        <label>{{name}}
        {{#isChoice}}<select name="{{input}}"><option value="">any</option>{{#choices}}<option{{#selected}} selected{{/selected}}>{{value}}</option>{{/choices}}</select>{{/isChoice}}
        {{^isChoice}}<input type="text" name="{{input}}" value="{{value}}" placeholder="{{hint}}">{{/isChoice}}
        </label>
        {{/fields}}
        </fieldset>
        {{/hasFields}}
        {{/types}}
        <p class="hint">Pick a metadata type to search by its fields (search once to see them without a browser that shows them at once).</p>
        <button type="submit">Search</button>
        </form>
        {{#hasProblem}}<p class="problem" role="alert">{{problem}}</p>{{/hasProblem}}
        {{#searched}}
        <h2 id="product-results">Products</h2>
        {{#hasProducts}}{{>products}}{{/hasProducts}}
        {{^hasProducts}}<p class="empty">No products you may read match.</p>{{/hasProducts}}
        {{>pages}}
        {{#showCollections}}
        <h2 id="collection-results">Collections</h2>
        {{#hasCollections}}{{>collections}}{{/hasCollections}}
        {{^hasCollections}}<p class="empty">No collections you may read match.</p>{{/hasCollections}}
        {{/showCollections}}
        {{/searched}}
        {{/content}}
        {{/layout}}
        """

    static let product = """
        {{<layout}}
        {{$title}}{{name}}{{/title}}
        {{$content}}
        <h1 id="product-name">{{name}}</h1>
        <p class="badges"><span class="badge">v{{version}}</span> <span class="badge type">{{type}}</span>{{^current}} <span class="badge old">not the current version</span>{{/current}}</p>
        {{#hasDescription}}<p class="description">{{description}}</p>{{/hasDescription}}
        <dl class="facts">
        <dt>Owner</dt><dd><a href="/web/search?owner={{ownerQuery}}">{{owner}}</a></dd>
        <dt>Uploaded</dt><dd><time datetime="{{uploaded}}">{{uploadedText}}</time></dd>
        <dt>Updated</dt><dd><time datetime="{{updated}}">{{updatedText}}</time></dd>
        <dt>Id</dt><dd><code>{{id}}</code></dd>
        </dl>
        <h2>Metadata</h2>
        <table class="metadata">
        <tbody>
        {{#metadata}}<tr><th scope="row">{{name}}</th><td>{{#isEmpty}}<span class="muted">—</span>{{/isEmpty}}{{#lines}}<div>{{.}}</div>{{/lines}}</td></tr>{{/metadata}}
        </tbody>
        </table>
        <h2>Sources</h2>
        {{#hasSources}}
        <div class="scroll"><table class="sources">
        <thead><tr><th>Slug</th><th>File</th><th>Size</th><th>Checksum</th></tr></thead>
        <tbody>
        {{#sources}}
        <tr><td>{{slug}}</td>
        <td>{{#downloadable}}<a class="download" href="{{url}}" download="{{name}}">{{name}}</a>{{/downloadable}}{{^downloadable}}{{name}} <span class="muted">(not uploaded)</span>{{/downloadable}}{{#hasDescription}}<div class="muted">{{description}}</div>{{/hasDescription}}</td>
        <td title="{{bytes}} bytes">{{size}}</td><td><code class="checksum">{{checksum}}</code></td></tr>
        {{/sources}}
        </tbody>
        </table></div>
        {{#previews}}
        <figure class="preview"><a href="{{link}}"><img src="{{image}}" alt="{{alt}}" loading="lazy"></a><figcaption>{{caption}}</figcaption></figure>
        {{/previews}}
        {{/hasSources}}
        {{^hasSources}}<p class="empty">No sources.</p>{{/hasSources}}
        <h2>Versions</h2>
        <ol class="versions" reversed>
        {{#versions}}
        <li{{#isShown}} class="shown"{{/isShown}}><a href="/web/product/{{id}}">v{{version}}</a>{{#current}} <span class="badge">current</span>{{/current}} <span class="muted"><time datetime="{{updated}}">{{updatedText}}</time></span>
        {{#hasChanges}}<ul class="changes">{{#changes}}<li>{{.}}</li>{{/changes}}</ul>{{/hasChanges}}
        </li>
        {{/versions}}
        </ol>
        <h2>Collections</h2>
        {{#hasCollections}}{{>collections}}{{/hasCollections}}
        {{^hasCollections}}<p class="empty">In no collection you may read.</p>{{/hasCollections}}
        {{#hasRelated}}
        <h2>Related products</h2>
        <ul class="related">
        {{#parents}}<li>child of <a href="/web/product/{{id}}">{{name}}</a></li>{{/parents}}
        {{#children}}<li>parent of <a href="/web/product/{{id}}">{{name}}</a></li>{{/children}}
        </ul>
        {{/hasRelated}}
        {{>access}}
        {{/content}}
        {{/layout}}
        """

    static let collection = """
        {{<layout}}
        {{$title}}{{name}}{{/title}}
        {{$content}}
        <h1 id="collection-name">{{name}}</h1>
        {{#hasDescription}}<p class="description">{{description}}</p>{{/hasDescription}}
        <dl class="facts">
        <dt>Owner</dt><dd><a href="/web/search?owner={{ownerQuery}}">{{owner}}</a></dd>
        <dt>Id</dt><dd><code>{{id}}</code></dd>
        {{#hasParents}}<dt>Inside</dt><dd>{{#parents}}<a href="/web/collection/{{id}}">{{name}}</a> {{/parents}}</dd>{{/hasParents}}
        </dl>
        <h2>Contents</h2>
        {{#root}}
        {{#isEmpty}}<p class="empty">Nothing in it that you may read.</p>{{/isEmpty}}
        {{^isEmpty}}{{>tree}}{{/isEmpty}}
        {{/root}}
        {{>access}}
        {{/content}}
        {{/layout}}
        """

    static let login = """
        {{<layout}}
        {{$title}}Log in{{/title}}
        {{$content}}
        <h1>Log in</h1>
        <p>The registry's pages show what your API key may read. Its operator makes keys with <code>sci henry serve keys add NAME</code>.</p>
        {{#hasProblem}}<p class="problem" role="alert">{{problem}}</p>{{/hasProblem}}
        <form class="login" action="/web/login" method="post">
        <label>API key <input type="password" name="key" autocomplete="current-password" required></label>
        <button type="submit" id="login-submit">Log in</button>
        </form>
        {{#publicReads}}<p><a href="/web">Browse what is public without a key →</a></p>{{/publicReads}}
        {{/content}}
        {{/layout}}
        """

    static let error = """
        {{<layout}}
        {{$title}}{{heading}}{{/title}}
        {{$content}}
        <h1>{{heading}}</h1>
        <p class="problem">{{message}}</p>
        <p><a href="/web">Back to the registry's home page</a></p>
        {{/content}}
        {{/layout}}
        """
}

extension ReferralKitRenderer {
    /// The default `referral-kit` templates, by file name.
    public static let builtInTemplates: [String: String] = [
        "referral-kit.txt.mustache": markdownTemplate,
        "referral-kit.html.mustache": htmlTemplate,
    ]

    static let markdownTemplate = #"""
    # Referring to {{practice_name}}

    Prepared for {{partner_name}}{{#date}} · {{date}}{{/date}}

    ## Whom we help best

    {{ideal_prospect}}

    ## Problems we solve

    {{#problems}}
    - {{text}}
    {{/problems}}

    ## What happens to someone you refer

    {{#steps}}
    {{number}}. {{text}}
    {{/steps}}

    ## How to introduce us

    {{how_to_introduce}}
    {{#contact}}

    ## Reaching us

    {{contact}}
    {{/contact}}

    """#

    static let htmlTemplate = #"""
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Referring to {{practice_name}} — for {{partner_name}}</title>
    <style>
      :root { color-scheme: light; }
      body { font-family: Georgia, "Times New Roman", serif; color: #1d1d1f; background: #fff;
             max-width: 44rem; margin: 2.5rem auto; padding: 0 1.25rem; line-height: 1.5; }
      header { border-bottom: 2px solid #1d1d1f; margin-bottom: 1.5rem; padding-bottom: .75rem; }
      h1 { font-size: 1.9rem; margin: 0 0 .25rem; }
      .for { color: #555; margin: 0; font-style: italic; }
      h2 { font-size: 1.15rem; text-transform: uppercase; letter-spacing: .06em; margin: 1.75rem 0 .5rem; }
      ul, ol { padding-left: 1.4rem; }
      li { margin: .25rem 0; }
      .introduce { border-left: 4px solid #1d1d1f; padding: .5rem 1rem; background: #f4f4f2; }
      footer { margin-top: 2rem; font-size: .9rem; color: #555; }
      @page { size: A4; margin: 18mm 16mm; }
      @media print {
        body { margin: 0; max-width: none; font-size: 11pt; }
        header, section { break-inside: avoid; page-break-inside: avoid; }
        .introduce { background: none; }
      }
    </style>
    </head>
    <body>
    <header>
      <h1>Referring to {{practice_name}}</h1>
      <p class="for">Prepared for {{partner_name}}{{#date}} · {{date}}{{/date}}</p>
    </header>
    <section>
      <h2>Whom we help best</h2>
      <p>{{ideal_prospect}}</p>
    </section>
    <section>
      <h2>Problems we solve</h2>
      <ul>
    {{#problems}}
        <li>{{text}}</li>
    {{/problems}}
      </ul>
    </section>
    <section>
      <h2>What happens to someone you refer</h2>
      <ol>
    {{#steps}}
        <li>{{text}}</li>
    {{/steps}}
      </ol>
    </section>
    <section>
      <h2>How to introduce us</h2>
      <p class="introduce">{{how_to_introduce}}</p>
    </section>
    {{#contact}}
    <footer>{{contact}}</footer>
    {{/contact}}
    </body>
    </html>

    """#
}

// The frame shared by every page of the report set: one self-contained HTML
// document (inline CSS, inline SVG, a few lines of inline JS on the
// dashboard; no external font, script, image or request, so a page opened
// from a USB key works), printable (print CSS, A4).
//
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "checks/catalogue.h"
#include "reports/inputs.h"

namespace posture::reports {

// "<!DOCTYPE html>...<body><main class=...>": `title` is escaped here;
// `main_class` sets the layout ("card", "wide").
std::string PageStart(const std::string& title, Lang lang, const std::string& main_class);
// The footer (posture version, day, model version) and the closing tags;
// `script` (trusted, our own) goes in an inline <script> before </body>.
std::string PageEnd(const Publisher& publisher, DayNumber day, const std::string& model_version,
                    Lang lang, const std::string& script = "");

// A grade as a coloured inline badge; "–" in grey when empty.
std::string GradeBadge(const std::string& grade);
// `href` as an <a> around `text_html` when href is not empty (href escaped).
std::string Link(const std::string& href, const std::string& text_html);

// The non-intrusive contract and how to opt out, as HTML paragraphs.
std::string ContractHtml(const Publisher& publisher, Lang lang);

}  // namespace posture::reports

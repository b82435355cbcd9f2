#include "io/qti.h"

#include <zip.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "base/strings.h"
#include "pugixml.hpp"

namespace bimtek::io {

namespace {

using questions::Choice;
using questions::ItemProblem;
using questions::ItemType;
using questions::Question;

constexpr zip_uint64_t kMaxEntryBytes = 64ULL << 20;
constexpr zip_uint64_t kMaxTotalBytes = 256ULL << 20;
constexpr zip_int64_t kMaxEntries = 4096;

constexpr const char* kBimtekNs = "urn:bimtek:questions:1";
constexpr unsigned kParse = pugi::parse_default | pugi::parse_ws_pcdata_single;

// ---- names: QTI 3.0 (qti-choice-interaction, response-identifier) and 2.x (choiceInteraction,
// responseIdentifier) are read through one canonical, 2.x-style spelling.

std::string_view Local(std::string_view name) {
  const size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

std::string KebabToCamel(std::string_view s) {
  std::string out;
  bool upper = false;
  for (char c : s) {
    if (c == '-') {
      upper = true;
    } else {
      out.push_back(upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c);
      upper = false;
    }
  }
  return out;
}

std::string Canon(std::string_view name) {
  std::string_view local = Local(name);
  if (local.substr(0, 4) == "qti-") local.remove_prefix(4);
  return KebabToCamel(local);
}

bool Is(const pugi::xml_node& n, std::string_view canon) {
  return n.type() == pugi::node_element && Canon(n.name()) == canon;
}

std::string Attr(const pugi::xml_node& n, std::string_view canon) {
  for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
    if (KebabToCamel(a.name()) == canon) return a.value();
  }
  return "";
}

pugi::xml_node Child(const pugi::xml_node& parent, std::string_view canon) {
  for (pugi::xml_node n = parent.first_child(); n; n = n.next_sibling()) {
    if (Is(n, canon)) return n;
  }
  return {};
}

std::vector<pugi::xml_node> Children(const pugi::xml_node& parent, std::string_view canon) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node n = parent.first_child(); n; n = n.next_sibling()) {
    if (Is(n, canon)) out.push_back(n);
  }
  return out;
}

bool IsInteraction(const pugi::xml_node& n) {
  if (n.type() != pugi::node_element) return false;
  const std::string c = Canon(n.name());
  return c.size() > 11 && c.ends_with("Interaction");
}

// ---- text

std::string CollapseSpace(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
    } else {
      if (space) out.push_back(' ');
      space = false;
      out.push_back(c);
    }
  }
  return out;
}

// Every character of text under `n`, as written.
void RawText(const pugi::xml_node& n, std::string& out) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
      out += c.value();
    } else if (c.type() == pugi::node_element) {
      if (Canon(c.name()) == "br") out += "\n";
      RawText(c, out);
    }
  }
}

std::string RawText(const pugi::xml_node& n) {
  std::string out;
  RawText(n, out);
  return out;
}

bool IsBlock(std::string_view canon) {
  static const std::set<std::string_view> kBlocks = {
      "p",  "div",    "h1",         "h2",          "h3",         "h4",  "h5",
      "h6", "li",     "ul",         "ol",          "blockquote", "pre", "table",
      "tr", "figure", "figcaption", "section",     "article",    "dl",  "dt",
      "dd", "hr",     "prompt",     "contentBody", "br"};
  return kBlocks.contains(canon);
}

bool IsSkipped(std::string_view canon) {
  return canon == "feedbackBlock" || canon == "feedbackInline" || canon == "modalFeedback" ||
         canon == "templateBlock" || canon == "templateInline" || canon == "rubricBlock" ||
         canon == "assessmentStimulusRef" || canon == "style" || canon == "script";
}

// Paragraphs of readable text (written by others): blocks break paragraphs, white space
// collapses, interactions contribute only their prompt.
class Paragraphs {
 public:
  void Walk(const pugi::xml_node& n) {
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
      if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
        current_ += c.value();
        continue;
      }
      if (c.type() != pugi::node_element) continue;
      const std::string canon = Canon(c.name());
      if (IsSkipped(canon)) continue;
      if (IsInteraction(c)) {
        if (pugi::xml_node prompt = Child(c, "prompt")) {
          Flush();
          Walk(prompt);
          Flush();
        }
        continue;
      }
      const bool block = IsBlock(canon);
      if (block) Flush();
      Walk(c);
      if (block) Flush();
      if (canon != "br" && !block) current_ += "";
    }
  }
  std::string Joined() {
    Flush();
    std::string out;
    for (const std::string& p : done_) {
      if (!out.empty()) out += "\n";
      out += p;
    }
    return out;
  }

 private:
  void Flush() {
    std::string p = CollapseSpace(current_);
    current_.clear();
    if (!p.empty()) done_.push_back(std::move(p));
  }
  std::string current_;
  std::vector<std::string> done_;
};

std::string ForeignText(const pugi::xml_node& n) {
  Paragraphs p;
  p.Walk(n);
  return p.Joined();
}

// The first element (depth first) with canonical name `canon` outside skipped subtrees.
pugi::xml_node FindFirst(const pugi::xml_node& n, std::string_view canon) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element || IsSkipped(Canon(c.name()))) continue;
    if (Is(c, canon)) return c;
    if (pugi::xml_node f = FindFirst(c, canon)) return f;
  }
  return {};
}

void FindInteractions(const pugi::xml_node& n, std::vector<pugi::xml_node>& out) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    if (IsInteraction(c)) {
      out.push_back(c);
      continue;
    }
    FindInteractions(c, out);
  }
}

// ---- paths inside a package

std::string DirOf(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(path.substr(0, slash + 1));
}

// `rel` resolved against `base_dir` ("items/"), normalised; "" when it leaves the package or is
// absolute or a URL.
std::string Resolve(std::string_view base_dir, std::string_view rel) {
  if (rel.empty() || rel[0] == '/' || rel.find("://") != std::string_view::npos) return "";
  std::vector<std::string> parts;
  const std::string joined = StrCat(base_dir, rel);
  for (std::string_view p : Split(joined, '/')) {
    if (p.empty() || p == ".") continue;
    if (p == "..") {
      if (parts.empty()) return "";
      parts.pop_back();
    } else {
      parts.emplace_back(p);
    }
  }
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

// ---- import

struct Metadata {  // the Bimtek metadata of a manifest resource
  bool present = false;
  std::string type, module, source;
  std::vector<std::string> topics;
};

struct Declaration {
  std::string cardinality, base_type;
  std::vector<std::string> correct;
  std::vector<std::pair<std::string, double>> mapping;
};

std::string NormaliseId(std::string_view id) {
  std::string out;
  for (char c : id) {
    const char u = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    out.push_back((u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ? u : '-');
  }
  return out;
}

std::string VersionOf(const pugi::xml_node& root) {
  const std::string ns = root.attribute("xmlns").value();
  if (ns.find("v3p0") != std::string::npos || std::string_view(root.name()).starts_with("qti-")) {
    return "3.0";
  }
  if (ns.find("v2p2") != std::string::npos) return "2.2";
  if (ns.find("v2p1") != std::string::npos) return "2.1";
  return "2.x";
}

class ItemImporter {
 public:
  ItemImporter(const PackageFiles& files, const QtiImportOptions& options, QtiImport& out)
      : files_(files), options_(options), out_(out) {}

  void Import(const std::string& path, const Metadata& meta) {
    auto it = files_.find(path);
    if (it == files_.end()) {
      Problem(path, "", "question.qti.file_missing", {path}, Severity::kError);
      return;
    }
    pugi::xml_document doc;
    pugi::xml_parse_result r = doc.load_buffer(it->second.data(), it->second.size(), kParse);
    if (!r) {
      Problem(path, "", "question.qti.bad_xml",
              {path, StrCat(r.description(), " (byte ", r.offset, ")")}, Severity::kError);
      return;
    }
    pugi::xml_node root = doc.document_element();
    if (!Is(root, "assessmentItem")) {
      Problem(path, "", "question.qti.not_item", {path}, Severity::kError);
      return;
    }
    const std::string qti_id = root.attribute("identifier").value();
    std::string id = qti_id;
    if (!questions::IsValidItemId(id)) {
      id = NormaliseId(qti_id);
      if (questions::IsValidItemId(id)) {
        Problem(id, "id", "question.qti.id_renamed", {qti_id, id}, Severity::kWarning);
      } else {
        id = qti_id;
      }
    }
    pugi::xml_node body = Child(root, "itemBody");
    std::vector<pugi::xml_node> interactions;
    if (body) FindInteractions(body, interactions);
    if (interactions.empty()) {
      Problem(id, "", "question.qti.no_interaction", {path}, Severity::kError);
      return;
    }
    bool supported = true;
    for (const pugi::xml_node& n : interactions) {
      const std::string c = Canon(n.name());
      if (c != "choiceInteraction" && c != "matchInteraction") {
        supported = false;
        out_.unsupported.push_back({qti_id, path, std::string(Local(n.name()))});
        Problem(id, "", "question.qti.unsupported", {std::string(Local(n.name())), path},
                Severity::kWarning);
      }
    }
    if (!supported) return;
    if (interactions.size() > 1) {
      for (const pugi::xml_node& n : interactions) {
        out_.unsupported.push_back({qti_id, path, std::string(Local(n.name()))});
      }
      Problem(id, "", "question.qti.several_interactions",
              {std::to_string(interactions.size()), path}, Severity::kWarning);
      return;
    }
    const pugi::xml_node inter = interactions[0];

    Question q;
    q.id = id;
    const bool ours = meta.present;
    std::map<std::string, Declaration> decls;
    for (const pugi::xml_node& d : Children(root, "responseDeclaration")) {
      Declaration decl;
      decl.cardinality = Attr(d, "cardinality");
      decl.base_type = Attr(d, "baseType");
      if (pugi::xml_node cr = Child(d, "correctResponse")) {
        for (const pugi::xml_node& v : Children(cr, "value")) {
          decl.correct.push_back(std::string(Trim(RawText(v))));
        }
      }
      if (pugi::xml_node m = Child(d, "mapping")) {
        for (const pugi::xml_node& e : Children(m, "mapEntry")) {
          decl.mapping.emplace_back(std::string(Trim(Attr(e, "mapKey"))),
                                    std::atof(Attr(e, "mappedValue").c_str()));
        }
      }
      decls[Attr(d, "identifier")] = std::move(decl);
    }
    const std::string response = Attr(inter, "responseIdentifier");
    const Declaration* decl = decls.contains(response) ? &decls[response] : nullptr;
    std::vector<std::string> key = decl != nullptr ? decl->correct : std::vector<std::string>{};
    if (key.empty() && decl != nullptr) {
      for (const auto& [k, v] : decl->mapping) {
        if (v > 0) key.push_back(k);
      }
      if (!key.empty()) {
        Problem(id, "key", "question.qti.key_from_mapping", {path}, Severity::kWarning);
      }
    }
    if (key.empty()) {
      Problem(id, "key", "question.qti.no_correct_response", {path}, Severity::kError);
    }

    // Stem: ours is one <p> per line, verbatim; others' is their readable text.
    if (ours) {
      std::vector<std::string> lines;
      for (const pugi::xml_node& p : Children(body, "p")) lines.push_back(RawText(p));
      q.stem = Join(lines);
    } else {
      q.stem = ForeignText(body);
    }
    auto text = [&](const pugi::xml_node& n) { return ours ? RawText(n) : ForeignText(n); };

    if (Canon(inter.name()) == "choiceInteraction") {
      for (const pugi::xml_node& c : Children(inter, "simpleChoice")) {
        q.options.push_back({Attr(c, "identifier"), text(c)});
      }
      std::string cardinality = decl != nullptr ? decl->cardinality : "";
      if (cardinality.empty())
        cardinality = Attr(inter, "maxChoices") == "1" ? "single" : "multiple";
      q.type = cardinality == "single" ? ItemType::kSingle : ItemType::kMultiple;
      if (cardinality != "single" && cardinality != "multiple") {
        Problem(id, "cardinality", "question.qti.bad_value", {cardinality, path}, Severity::kError);
      }
      q.key = key;
      const std::vector<Choice> tf = {{"B", "Benar"}, {"S", "Salah"}};
      if (ours ? meta.type == "truefalse" : (q.type == ItemType::kSingle && q.options == tf)) {
        q.type = ItemType::kTrueFalse;
      }
    } else {
      q.type = ItemType::kMatching;
      std::vector<pugi::xml_node> sets = Children(inter, "simpleMatchSet");
      if (sets.size() != 2) {
        Problem(id, "", "question.qti.bad_value", {StrCat(sets.size(), " simpleMatchSet"), path},
                Severity::kError);
      }
      if (sets.size() >= 1) {
        for (const pugi::xml_node& c : Children(sets[0], "simpleAssociableChoice")) {
          q.left.push_back({Attr(c, "identifier"), text(c)});
        }
      }
      if (sets.size() >= 2) {
        for (const pugi::xml_node& c : Children(sets[1], "simpleAssociableChoice")) {
          q.right.push_back({Attr(c, "identifier"), text(c)});
        }
      }
      if (decl != nullptr && decl->base_type != "directedPair") {
        Problem(id, "baseType", "question.qti.bad_value", {decl->base_type, path},
                Severity::kWarning);
      }
      for (const std::string& v : key) {
        std::vector<std::string> parts;
        const std::string value = CollapseSpace(v);
        for (std::string_view p : Split(value, ' ')) parts.emplace_back(p);
        if (parts.size() != 2) {
          Problem(id, "pairs", "question.qti.bad_value", {v, path}, Severity::kError);
          continue;
        }
        q.pairs.emplace_back(parts[0], parts[1]);
      }
    }

    // Explanation: our EXPLANATION modal feedback, else every modal feedback's text.
    std::vector<std::string> feedback;
    for (const pugi::xml_node& f : Children(root, "modalFeedback")) {
      if (ours && Attr(f, "identifier") == "EXPLANATION") {
        pugi::xml_node content = Child(f, "contentBody");
        std::vector<std::string> lines;
        for (const pugi::xml_node& p : Children(content ? content : f, "p")) {
          lines.push_back(RawText(p));
        }
        feedback = {Join(lines)};
        break;
      }
      if (!ours) feedback.push_back(ForeignText(f));
    }
    q.explanation = Join(feedback);

    if (pugi::xml_node img = FindFirst(body, "img")) {
      const std::string src = img.attribute("src").value();
      const std::string resolved = Resolve(DirOf(path), src);
      auto media = files_.find(resolved);
      if (resolved.empty() || media == files_.end()) {
        Problem(id, "media.src", "question.media.not_found", {src}, Severity::kWarning);
      } else if (!questions::IsValidMediaSrc(resolved)) {
        Problem(id, "media.src", "question.media.src_invalid", {resolved}, Severity::kWarning);
      } else {
        q.media = questions::Media{resolved, img.attribute("alt").value(), media->second};
      }
    }

    if (ours) {
      q.module = meta.module;
      q.topics = meta.topics;
      q.source = meta.source;
    } else {
      q.module = options_.default_module;
      q.topics = options_.default_topics;
    }
    out_.qti_version[q.id] = VersionOf(root);
    out_.items.push_back(std::move(q));
  }

 private:
  static std::string Join(const std::vector<std::string>& lines) {
    std::string out;
    for (size_t i = 0; i < lines.size(); ++i) out += (i ? "\n" : "") + lines[i];
    return out;
  }

  void Problem(std::string item, std::string field, std::string code, std::vector<std::string> args,
               Severity severity) {
    out_.problems.push_back(
        {std::move(item), std::move(field), std::move(code), std::move(args), severity});
  }

  const PackageFiles& files_;
  const QtiImportOptions& options_;
  QtiImport& out_;
};

Metadata ReadMetadata(const pugi::xml_node& resource) {
  Metadata m;
  pugi::xml_node md = Child(resource, "metadata");
  for (pugi::xml_node n = md.first_child(); n; n = n.next_sibling()) {
    if (n.type() != pugi::node_element || Local(n.name()) != "question") continue;
    // The element must be in the Bimtek namespace (declared on it or on an ancestor).
    const std::string_view name = n.name();
    const size_t colon = name.find(':');
    const std::string xmlns =
        colon == std::string_view::npos ? "xmlns" : StrCat("xmlns:", name.substr(0, colon));
    bool ours = false;
    for (pugi::xml_node a = n; a; a = a.parent()) {
      if (pugi::xml_attribute x = a.attribute(xmlns.c_str())) {
        ours = std::string_view(x.value()) == kBimtekNs;
        break;
      }
    }
    if (!ours) continue;
    m.present = true;
    m.type = n.attribute("type").value();
    m.module = n.attribute("module").value();
    m.source = n.attribute("source").value();
    for (pugi::xml_node t = n.first_child(); t; t = t.next_sibling()) {
      if (t.type() == pugi::node_element && Local(t.name()) == "topic") {
        m.topics.push_back(t.text().get());
      }
    }
  }
  return m;
}

// ---- export

void AddText(pugi::xml_node parent, const char* name, std::string_view text) {
  parent.append_child(name).append_child(pugi::node_pcdata).set_value(std::string(text).c_str());
}

void AddLines(pugi::xml_node parent, std::string_view text) {
  for (std::string_view line : Split(text, '\n')) AddText(parent, "p", line);
}

std::string Serialise(const pugi::xml_document& doc) {
  std::ostringstream os;
  doc.save(os, "  ", pugi::format_default, pugi::encoding_utf8);
  return os.str();
}

pugi::xml_document NewDoc() {
  pugi::xml_document doc;
  pugi::xml_node decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  return doc;
}

std::string ItemXml(const Question& q) {
  pugi::xml_document doc = NewDoc();
  pugi::xml_node item = doc.append_child("qti-assessment-item");
  item.append_attribute("xmlns") = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0";
  item.append_attribute("xmlns:xsi") = "http://www.w3.org/2001/XMLSchema-instance";
  item.append_attribute("xsi:schemaLocation") =
      "http://www.imsglobal.org/xsd/imsqtiasi_v3p0 "
      "https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd";
  item.append_attribute("identifier") = q.id.c_str();
  item.append_attribute("title") = q.id.c_str();
  item.append_attribute("adaptive") = "false";
  item.append_attribute("time-dependent") = "false";
  item.append_attribute("xml:lang") = "id";

  const bool matching = q.type == ItemType::kMatching;
  pugi::xml_node rd = item.append_child("qti-response-declaration");
  rd.append_attribute("identifier") = "RESPONSE";
  rd.append_attribute("cardinality") =
      (q.type == ItemType::kSingle || q.type == ItemType::kTrueFalse) ? "single" : "multiple";
  rd.append_attribute("base-type") = matching ? "directedPair" : "identifier";
  pugi::xml_node cr = rd.append_child("qti-correct-response");
  if (matching) {
    for (const auto& [l, r] : q.pairs) AddText(cr, "qti-value", StrCat(l, " ", r));
  } else {
    for (const std::string& k : q.key) AddText(cr, "qti-value", k);
  }
  pugi::xml_node score = item.append_child("qti-outcome-declaration");
  score.append_attribute("identifier") = "SCORE";
  score.append_attribute("cardinality") = "single";
  score.append_attribute("base-type") = "float";
  AddText(score.append_child("qti-default-value"), "qti-value", "0");
  pugi::xml_node fb = item.append_child("qti-outcome-declaration");
  fb.append_attribute("identifier") = "FEEDBACK";
  fb.append_attribute("cardinality") = "single";
  fb.append_attribute("base-type") = "identifier";

  pugi::xml_node body = item.append_child("qti-item-body");
  AddLines(body, q.stem);
  if (q.media.has_value()) {
    pugi::xml_node img = body.append_child("div").append_child("img");
    img.append_attribute("src") = q.media->src.c_str();
    img.append_attribute("alt") = q.media->alt.c_str();
  }
  if (matching) {
    pugi::xml_node mi = body.append_child("qti-match-interaction");
    mi.append_attribute("response-identifier") = "RESPONSE";
    mi.append_attribute("shuffle") = "false";
    mi.append_attribute("max-associations") = static_cast<unsigned>(q.left.size());
    pugi::xml_node ls = mi.append_child("qti-simple-match-set");
    for (const Choice& c : q.left) {
      pugi::xml_node n = ls.append_child("qti-simple-associable-choice");
      n.append_attribute("identifier") = c.id.c_str();
      n.append_attribute("match-max") = 1;
      n.append_child(pugi::node_pcdata).set_value(c.text.c_str());
    }
    pugi::xml_node rs = mi.append_child("qti-simple-match-set");
    for (const Choice& c : q.right) {
      pugi::xml_node n = rs.append_child("qti-simple-associable-choice");
      n.append_attribute("identifier") = c.id.c_str();
      n.append_attribute("match-max") = static_cast<unsigned>(q.left.size());
      n.append_child(pugi::node_pcdata).set_value(c.text.c_str());
    }
  } else {
    pugi::xml_node ci = body.append_child("qti-choice-interaction");
    ci.append_attribute("response-identifier") = "RESPONSE";
    ci.append_attribute("shuffle") = "false";
    ci.append_attribute("max-choices") = q.type == ItemType::kMultiple ? 0 : 1;
    for (const Choice& c : q.options) {
      pugi::xml_node n = ci.append_child("qti-simple-choice");
      n.append_attribute("identifier") = c.id.c_str();
      n.append_child(pugi::node_pcdata).set_value(c.text.c_str());
    }
  }

  // SCORE 1 when the response matches the key; the explanation is shown whatever the answer.
  pugi::xml_node rp = item.append_child("qti-response-processing");
  pugi::xml_node cond = rp.append_child("qti-response-condition");
  pugi::xml_node rif = cond.append_child("qti-response-if");
  pugi::xml_node match = rif.append_child("qti-match");
  match.append_child("qti-variable").append_attribute("identifier") = "RESPONSE";
  match.append_child("qti-correct").append_attribute("identifier") = "RESPONSE";
  auto set = [](pugi::xml_node parent, const char* id, const char* type, const char* value) {
    pugi::xml_node s = parent.append_child("qti-set-outcome-value");
    s.append_attribute("identifier") = id;
    pugi::xml_node v = s.append_child("qti-base-value");
    v.append_attribute("base-type") = type;
    v.append_child(pugi::node_pcdata).set_value(value);
  };
  set(rif, "SCORE", "float", "1");
  set(cond.append_child("qti-response-else"), "SCORE", "float", "0");
  set(rp, "FEEDBACK", "identifier", "EXPLANATION");

  if (!q.explanation.empty()) {
    pugi::xml_node mf = item.append_child("qti-modal-feedback");
    mf.append_attribute("outcome-identifier") = "FEEDBACK";
    mf.append_attribute("identifier") = "EXPLANATION";
    mf.append_attribute("show-hide") = "show";
    mf.append_attribute("title") = "Pembahasan";
    AddLines(mf.append_child("qti-content-body"), q.explanation);
  }
  return Serialise(doc);
}

}  // namespace

StatusOr<PackageFiles> ReadZip(std::string_view bytes, std::string_view name) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* archive = source != nullptr ? zip_open_from_source(source, ZIP_RDONLY, &error) : nullptr;
  if (archive == nullptr) {
    if (source != nullptr) zip_source_free(source);
    std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    return absl::InvalidArgumentError(StrCat(name, ": not a zip file (", why, ")"));
  }
  zip_error_fini(&error);
  PackageFiles files;
  Status status;
  const zip_int64_t n = zip_get_num_entries(archive, 0);
  zip_uint64_t total = 0;
  if (n > kMaxEntries) {
    status = absl::InvalidArgumentError(StrCat(name, ": more than ", kMaxEntries, " files"));
  }
  for (zip_int64_t i = 0; status.ok() && i < n; ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(archive, static_cast<zip_uint64_t>(i), 0, &st) != 0) {
      status = absl::InvalidArgumentError(StrCat(name, ": ", zip_strerror(archive)));
      break;
    }
    const std::string member = st.name;
    if (member.empty() || member.back() == '/') continue;
    total += st.size;
    if (st.size > kMaxEntryBytes || total > kMaxTotalBytes) {
      status = absl::InvalidArgumentError(StrCat(name, ": ", member, " is too large"));
      break;
    }
    zip_file_t* f = zip_fopen_index(archive, static_cast<zip_uint64_t>(i), 0);
    if (f == nullptr) {
      status = absl::InvalidArgumentError(
          StrCat(name, ": cannot read ", member, " (", zip_strerror(archive), ")"));
      break;
    }
    std::string data(st.size, '\0');
    zip_uint64_t done = 0;
    while (done < data.size()) {
      const zip_int64_t got = zip_fread(f, data.data() + done, data.size() - done);
      if (got <= 0) break;
      done += static_cast<zip_uint64_t>(got);
    }
    zip_fclose(f);
    if (done != data.size()) {
      status = absl::InvalidArgumentError(StrCat(name, ": cannot read ", member));
      break;
    }
    files[Resolve("", member)] = std::move(data);
  }
  zip_discard(archive);
  if (!status.ok()) return status;
  files.erase("");
  return files;
}

StatusOr<std::string> WriteZip(const PackageFiles& files) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* sink = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_t* archive = sink != nullptr ? zip_open_from_source(sink, ZIP_TRUNCATE, &error) : nullptr;
  if (archive == nullptr) {
    if (sink != nullptr) zip_source_free(sink);
    std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    return absl::InternalError(StrCat("cannot create a zip: ", why));
  }
  zip_error_fini(&error);
  zip_source_keep(sink);
  for (const auto& [path, bytes] : files) {
    zip_source_t* s = zip_source_buffer(archive, bytes.data(), bytes.size(), 0);
    if (s == nullptr || zip_file_add(archive, path.c_str(), s, ZIP_FL_ENC_UTF_8) < 0) {
      if (s != nullptr) zip_source_free(s);
      std::string why = zip_strerror(archive);
      zip_discard(archive);
      zip_source_free(sink);
      return absl::InternalError(StrCat("cannot add ", path, " to the zip: ", why));
    }
  }
  if (zip_close(archive) != 0) {
    std::string why = zip_strerror(archive);
    zip_discard(archive);
    zip_source_free(sink);
    return absl::InternalError(StrCat("cannot write the zip: ", why));
  }
  std::string out;
  if (zip_source_open(sink) == 0) {
    zip_source_seek(sink, 0, SEEK_END);
    const zip_int64_t size = zip_source_tell(sink);
    zip_source_seek(sink, 0, SEEK_SET);
    if (size > 0) {
      out.resize(static_cast<size_t>(size));
      const zip_int64_t got = zip_source_read(sink, out.data(), out.size());
      if (got != size) out.clear();
    }
    zip_source_close(sink);
  }
  zip_source_free(sink);
  if (out.empty()) return absl::InternalError("cannot read back the written zip");
  return out;
}

StatusOr<PackageFiles> ReadDirectory(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  PackageFiles files;
  fs::recursive_directory_iterator it(dir, ec), end;
  if (ec) return absl::NotFoundError(StrCat(dir, ": ", ec.message()));
  for (; it != end; it.increment(ec)) {
    if (ec) return absl::InvalidArgumentError(StrCat(dir, ": ", ec.message()));
    if (!it->is_regular_file()) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream data;
    data << in.rdbuf();
    if (!in) return absl::InvalidArgumentError(StrCat(it->path().string(), ": cannot be read"));
    files[fs::relative(it->path(), dir).generic_string()] = data.str();
  }
  return files;
}

StatusOr<QtiImport> ImportQti(const PackageFiles& files, const QtiImportOptions& options) {
  QtiImport out;
  ItemImporter importer(files, options, out);
  auto manifest = files.find("imsmanifest.xml");
  if (manifest != files.end()) {
    pugi::xml_document doc;
    pugi::xml_parse_result r =
        doc.load_buffer(manifest->second.data(), manifest->second.size(), kParse);
    if (!r) {
      return absl::InvalidArgumentError(
          StrCat("imsmanifest.xml is not valid XML: ", r.description(), " (byte ", r.offset, ")"));
    }
    pugi::xml_node resources = Child(doc.document_element(), "resources");
    for (const pugi::xml_node& res : Children(resources, "resource")) {
      const std::string type = Attr(res, "type");
      if (type.find("imsqti_item") == std::string::npos) continue;
      std::string href = Attr(res, "href");
      if (href.empty()) {
        if (pugi::xml_node f = Child(res, "file")) href = Attr(f, "href");
      }
      const std::string path = Resolve("", href);
      importer.Import(path.empty() ? href : path, ReadMetadata(res));
    }
  } else {
    for (const auto& [path, bytes] : files) {
      if (!ToLowerAscii(path).ends_with(".xml")) continue;
      pugi::xml_document doc;
      if (!doc.load_buffer(bytes.data(), bytes.size(), kParse)) continue;
      if (!Is(doc.document_element(), "assessmentItem")) continue;
      importer.Import(path, Metadata{});
    }
  }
  for (ItemProblem& p : questions::ValidateAll(out.items)) out.problems.push_back(std::move(p));
  return out;
}

StatusOr<PackageFiles> ExportQti3(const std::vector<Question>& items) {
  for (const ItemProblem& p : questions::ValidateAll(items)) {
    if (p.severity == Severity::kError) {
      return absl::InvalidArgumentError(
          StrCat("cannot export: ", questions::Describe(p, Lang::kEn)));
    }
  }
  PackageFiles files;
  pugi::xml_document doc = NewDoc();
  pugi::xml_node manifest = doc.append_child("manifest");
  manifest.append_attribute("xmlns") = "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1";
  manifest.append_attribute("xmlns:bimtek") = kBimtekNs;
  manifest.append_attribute("identifier") = "BIMTEK-QUESTIONS";
  pugi::xml_node md = manifest.append_child("metadata");
  AddText(md, "schema", "QTI Package");
  AddText(md, "schemaversion", "3.0.0");
  manifest.append_child("organizations");
  pugi::xml_node resources = manifest.append_child("resources");
  for (const Question& q : items) {
    const std::string file = q.id + ".xml";
    pugi::xml_node res = resources.append_child("resource");
    res.append_attribute("identifier") = q.id.c_str();
    res.append_attribute("type") = "imsqti_item_xmlv3p0";
    res.append_attribute("href") = file.c_str();
    pugi::xml_node meta = res.append_child("metadata").append_child("bimtek:question");
    meta.append_attribute("type") = std::string(TypeName(q.type)).c_str();
    meta.append_attribute("module") = q.module.c_str();
    meta.append_attribute("source") = q.source.c_str();
    for (const std::string& t : q.topics) AddText(meta, "bimtek:topic", t);
    res.append_child("file").append_attribute("href") = file.c_str();
    files[file] = ItemXml(q);
    if (q.media.has_value()) {
      if (q.media->bytes.empty()) {
        return absl::InvalidArgumentError(
            StrCat("cannot export: item ", q.id, ": the image ", q.media->src, " has no bytes"));
      }
      auto [it, inserted] = files.emplace(q.media->src, q.media->bytes);
      if (!inserted && it->second != q.media->bytes) {
        return absl::InvalidArgumentError(
            StrCat("cannot export: item ", q.id, ": the image ", q.media->src,
                   " differs from another item's image of that name"));
      }
      res.append_child("file").append_attribute("href") = q.media->src.c_str();
    }
  }
  files["imsmanifest.xml"] = Serialise(doc);
  return files;
}

}  // namespace bimtek::io

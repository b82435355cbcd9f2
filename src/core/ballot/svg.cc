#include "core/ballot/svg.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <string_view>
#include <tuple>

namespace bimtek::ballot {
namespace {

// Geometry in SVG user units; the page scales the drawing to the screen's width.
constexpr double kMargin = 20;
constexpr double kTitleH = 70;
constexpr double kBandH = 110;  // below the columns: marks outside, the signature box
constexpr double kPartyW = 300, kPartyHeaderH = 70, kRowH = 28, kGreyH = 36, kGap = 20;
constexpr double kTicketW = 230, kTicketH = 330;
constexpr double kDpdW = 300, kDpdH = 170;
constexpr double kHoleStep = 24;  // several holes on one spot sit side by side

std::string Esc(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", v);
  return buf;
}

const char* Fill(BallotType t) {
  switch (t) {
    case BallotType::kPpwp: return "#dcdcdc";
    case BallotType::kDpr: return "#f6e3a1";
    case BallotType::kDpd: return "#f3b3b3";
    case BallotType::kDprdProv: return "#b5cff2";
    case BallotType::kDprdKab: return "#b7dfb0";
  }
  return "#fff";
}

const char* Title(BallotType t, bool en) {
  switch (t) {
    case BallotType::kPpwp:
      return en ? "Ballot: President and Vice-President" : "Surat Suara Presiden dan Wakil Presiden";
    case BallotType::kDpr: return en ? "Ballot: DPR" : "Surat Suara DPR";
    case BallotType::kDpd: return en ? "Ballot: DPD" : "Surat Suara DPD";
    case BallotType::kDprdProv:
      return en ? "Ballot: DPRD Province" : "Surat Suara DPRD Provinsi";
    case BallotType::kDprdKab:
      return en ? "Ballot: DPRD Regency/City" : "Surat Suara DPRD Kabupaten/Kota";
  }
  return "";
}

struct Point {
  double x = 0, y = 0;
};

// Where each column of the race lies.
class Layout {
 public:
  Layout(const Race& race, int per_row) : race_(race), per_row_(std::max(1, per_row)) {
    if (race.type == BallotType::kPpwp) {
      columns_ = static_cast<int>(race.tickets.size());
      col_w_ = kTicketW;
      col_h_ = kTicketH;
      per_row_ = std::max(1, columns_);
      gap_ = 0;
    } else if (race.type == BallotType::kDpd) {
      columns_ = static_cast<int>(race.candidates.size());
      col_w_ = kDpdW;
      col_h_ = kDpdH;
      gap_ = 0;  // DPD columns share their borders: a line between two candidates exists
    } else {
      columns_ = static_cast<int>(race.lists.size());
      size_t most = 1;
      for (const PartyList& l : race.lists) most = std::max(most, l.candidates.size());
      col_w_ = kPartyW;
      col_h_ = kPartyHeaderH + static_cast<double>(most) * kRowH + kGreyH + 10;
      gap_ = kGap;
    }
    per_row_ = std::min(per_row_, std::max(1, columns_));
    rows_ = (columns_ + per_row_ - 1) / per_row_;
  }

  double width() const { return 2 * kMargin + per_row_ * col_w_ + (per_row_ - 1) * gap_; }
  double columns_bottom() const { return kTitleH + rows_ * (col_h_ + gap_); }
  double height() const { return columns_bottom() + kBandH; }
  double col_w() const { return col_w_; }
  double col_h() const { return col_h_; }
  int columns() const { return columns_; }

  Point Origin(int i) const {
    return {kMargin + (i % per_row_) * (col_w_ + gap_), kTitleH + (i / per_row_) * (col_h_ + gap_)};
  }
  bool SameRow(int a, int b) const { return a / per_row_ == b / per_row_; }

  // Column index of the contestant numbered `number` (ticket, party, DPD candidate); -1 if none.
  int ColumnOf(int number) const {
    for (int i = 0; i < columns_; ++i) {
      const int n = race_.type == BallotType::kPpwp ? race_.tickets[i].number
                    : race_.type == BallotType::kDpd ? race_.candidates[i].number
                                                     : race_.lists[i].party;
      if (n == number) return i;
    }
    return -1;
  }
  // Row of candidate `number` within party column `col`; -1 if none.
  int RowOf(int col, int number) const {
    const auto& c = race_.lists[static_cast<size_t>(col)].candidates;
    for (size_t j = 0; j < c.size(); ++j) {
      if (c[j].number == number) return static_cast<int>(j);
    }
    return -1;
  }

 private:
  const Race& race_;
  int per_row_;
  int columns_ = 0;
  int rows_ = 0;
  double col_w_ = 0, col_h_ = 0, gap_ = 0;
};

class Drawer {
 public:
  Drawer(const Election& e, const Race& race, const RaceExercise& rx, size_t index,
         const SvgOptions& o)
      : e_(e), race_(race), rx_(rx), b_(rx.ballots[index]), o_(o), lay_(race, o.columns_per_row) {}

  std::string Draw() {
    const bool en = o_.english;
    out_ += "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"ballot\" role=\"img\" viewBox=\"0 0 ";
    out_ += Num(lay_.width()) + " " + Num(lay_.height());
    out_ += "\" aria-labelledby=\"ballot-title ballot-desc\"><title id=\"ballot-title\">";
    out_ += Esc(Title(race_.type, en));
    out_ += "</title><desc id=\"ballot-desc\">";
    const size_t desc_at = out_.size();
    out_ += "</desc>";
    out_ += "<rect x=\"0\" y=\"0\" width=\"" + Num(lay_.width()) + "\" height=\"" +
            Num(lay_.height()) + "\" fill=\"" + Fill(race_.type) +
            "\" stroke=\"#333\" stroke-width=\"2\"/>";
    Text(kMargin, 32, Title(race_.type, en), 22, "bold");
    if (!race_.district.empty()) {
      Text(kMargin, 56, (en ? "District: " : "Daerah pemilihan: ") + race_.district, 16, "");
    }
    // The fold: a through-punch mirrors a hole across it.
    out_ += "<line class=\"fold\" x1=\"" + Num(lay_.width() / 2) + "\" y1=\"" + Num(kTitleH - 6) +
            "\" x2=\"" + Num(lay_.width() / 2) + "\" y2=\"" + Num(lay_.columns_bottom()) +
            "\" stroke=\"#777\" stroke-dasharray=\"6 6\" stroke-width=\"1\"/>";
    for (int i = 0; i < lay_.columns(); ++i) Column(i);
    Band();
    Marks();
    if (b_.extra_writing) {
      const double y = lay_.columns_bottom() + 40;
      out_ += "<text x=\"" + Num(lay_.width() * 0.30) + "\" y=\"" + Num(y) +
              "\" font-size=\"26\" font-family=\"cursive\" fill=\"#1b3fae\" "
              "transform=\"rotate(-6 " +
              Num(lay_.width() * 0.30) + " " + Num(y) + ")\">" +
              Esc(en ? "Long live no. 1!" : "Hidup no. 1!") + "</text>";
      desc_.push_back(en ? "something is written on the ballot" : "ada tulisan pada surat suara");
    }
    out_ += "</svg>";
    std::string desc;
    for (size_t i = 0; i < desc_.size(); ++i) {
      if (i > 0) desc += "; ";
      desc += desc_[i];
    }
    desc += ".";
    out_.insert(desc_at, Esc(desc));
    return std::move(out_);
  }

 private:
  void Text(double x, double y, std::string_view s, int size, std::string_view weight,
            std::string_view anchor = "") {
    out_ += "<text x=\"";
    out_ += Num(x);
    out_ += "\" y=\"";
    out_ += Num(y);
    out_ += "\" font-size=\"";
    out_ += std::to_string(size);
    out_ += "\"";
    if (!weight.empty()) {
      out_ += " font-weight=\"";
      out_ += weight;
      out_ += "\"";
    }
    if (!anchor.empty()) {
      out_ += " text-anchor=\"";
      out_ += anchor;
      out_ += "\"";
    }
    out_ += ">";
    out_ += Esc(s);
    out_ += "</text>";
  }

  void Rect(double x, double y, double w, double h, std::string_view fill,
            std::string_view extra = "") {
    out_ += "<rect x=\"" + Num(x) + "\" y=\"" + Num(y) + "\" width=\"" + Num(w) + "\" height=\"" +
            Num(h) + "\" fill=\"" + std::string(fill) + "\" stroke=\"#333\"" + std::string(extra) +
            "/>";
  }

  void NumberCircle(double cx, double cy, int n) {
    out_ += "<circle cx=\"" + Num(cx) + "\" cy=\"" + Num(cy) +
            "\" r=\"18\" fill=\"#fff\" stroke=\"#333\" stroke-width=\"2\"/>";
    Text(cx, cy + 7, std::to_string(n), 20, "bold", "middle");
  }

  void Column(int i) {
    const Point o = lay_.Origin(i);
    const double w = lay_.col_w(), h = lay_.col_h();
    if (race_.type == BallotType::kPpwp) {
      const Ticket& t = race_.tickets[static_cast<size_t>(i)];
      const std::string choice = "t" + std::to_string(t.number);
      out_ += "<g class=\"col\" data-choice=\"" + choice + "\">";
      Rect(o.x, o.y, w, h, "#f7f7f7", " stroke-width=\"2\"");
      NumberCircle(o.x + w / 2, o.y + 30, t.number);
      Rect(o.x + 25, o.y + 60, w - 50, 170, "#e6e6e6");
      Silhouette(o.x + w / 2 - 42, o.y + 150);
      Silhouette(o.x + w / 2 + 42, o.y + 150);
      Text(o.x + w / 2, o.y + 265, t.president, 17, "bold", "middle");
      Text(o.x + w / 2, o.y + 292, t.vice_president, 17, "", "middle");
      out_ += "</g>";
      return;
    }
    if (race_.type == BallotType::kDpd) {
      const Candidate& c = race_.candidates[static_cast<size_t>(i)];
      out_ += "<g class=\"col\" data-choice=\"c" + std::to_string(c.number) + "\">";
      Rect(o.x, o.y, w, h, "#fbfbfb", " stroke-width=\"2\"");
      NumberCircle(o.x + 30, o.y + 30, c.number);
      Rect(o.x + w / 2 - 45, o.y + 40, 90, 90, "#e6e6e6");
      Silhouette(o.x + w / 2, o.y + 88);
      Text(o.x + w / 2, o.y + 155, c.name, 16, "", "middle");
      out_ += "</g>";
      return;
    }
    const PartyList& l = race_.lists[static_cast<size_t>(i)];
    const Party* p = e_.PartyOf(l.party);
    const std::string pc = "p" + std::to_string(l.party);
    out_ += "<g class=\"col\">";
    Rect(o.x, o.y, w, h, "#fbfbfb", " stroke-width=\"2\"");
    out_ += "<g class=\"party\" data-choice=\"" + pc + "\">";
    Rect(o.x, o.y, w, kPartyHeaderH, "#fff");
    NumberCircle(o.x + 28, o.y + 35, l.party);
    // A made-up logo: a coloured disc whose hue follows the party number.
    out_ += "<circle cx=\"" + Num(o.x + 78) + "\" cy=\"" + Num(o.y + 35) +
            "\" r=\"20\" fill=\"hsl(" + std::to_string((l.party * 47) % 360) +
            ",60%,45%)\" stroke=\"#333\"/>";
    if (p != nullptr) {
      Text(o.x + 106, o.y + 30, p->short_name, 18, "bold");
      Text(o.x + 106, o.y + 54, p->name.size() > 26 ? p->name.substr(0, 25) + "…" : p->name, 13,
           "");
    }
    out_ += "</g>";
    for (size_t j = 0; j < l.candidates.size(); ++j) {
      const Candidate& c = l.candidates[j];
      const double y = o.y + kPartyHeaderH + static_cast<double>(j) * kRowH;
      out_ += "<g class=\"cand\" data-choice=\"" + pc + "c" + std::to_string(c.number) + "\">";
      Rect(o.x, y, w, kRowH, "#fbfbfb", " stroke-width=\"0.6\"");
      Text(o.x + 12, y + 20, std::to_string(c.number) + ". " + c.name, 16, "");
      out_ += "</g>";
    }
    Rect(o.x + 1, o.y + h - kGreyH - 1, w - 2, kGreyH, "#bdbdbd", " stroke-width=\"0\"");
    out_ += "</g>";
  }

  void Silhouette(double cx, double cy) {
    out_ += "<circle cx=\"" + Num(cx) + "\" cy=\"" + Num(cy - 22) +
            "\" r=\"16\" fill=\"#9a9a9a\"/><path d=\"M" + Num(cx - 30) + " " + Num(cy + 30) +
            " Q" + Num(cx) + " " + Num(cy - 20) + " " + Num(cx + 30) + " " + Num(cy + 30) +
            "Z\" fill=\"#9a9a9a\"/>";
  }

  void Band() {
    const bool en = o_.english;
    const double y = lay_.columns_bottom();
    const double bw = 220, bx = lay_.width() - kMargin - bw;
    Rect(bx, y + 10, bw, 86, "#fff");
    Text(bx + 8, y + 28, en ? "KPPS chair's signature" : "Tanda tangan Ketua KPPS", 14, "");
    if (b_.is_signed) {
      out_ += "<path class=\"signature\" d=\"M" + Num(bx + 30) + " " + Num(y + 75) + " C" +
              Num(bx + 60) + " " + Num(y + 35) + " " + Num(bx + 80) + " " + Num(y + 95) + " " +
              Num(bx + 110) + " " + Num(y + 60) + " S" + Num(bx + 160) + " " + Num(y + 50) + " " +
              Num(bx + 190) + " " + Num(y + 72) +
              "\" fill=\"none\" stroke=\"#1b3fae\" stroke-width=\"3\"/>";
      desc_.push_back(en ? "signed by the KPPS chair" : "ditandatangani Ketua KPPS");
    } else {
      desc_.push_back(en ? "the KPPS chair's signature box is empty"
                         : "kotak tanda tangan Ketua KPPS kosong");
    }
  }

  std::string PartyName(int number) const {
    const Party* p = e_.PartyOf(number);
    return p != nullptr ? p->short_name + " (" + std::to_string(number) + ")"
                        : std::to_string(number);
  }

  // Where mark `m` lies, and its description.
  std::pair<Point, std::string> Locate(const Mark& m, int k) const {
    const bool en = o_.english;
    const double w = lay_.col_w(), h = lay_.col_h();
    const double dx = k * kHoleStep;
    const std::string col = std::to_string(m.column);
    if (m.place == Place::kOutside) {
      return {{kMargin + 30 + k * 40, lay_.columns_bottom() + 80},
              en ? "outside every column" : "di luar semua kolom"};
    }
    if (race_.type == BallotType::kPpwp) {
      const Point o = lay_.Origin(std::max(0, lay_.ColumnOf(m.column)));
      if (m.place == Place::kBorder) {
        return {{o.x + 2, o.y + 180 + dx}, en ? "on the border of ticket " + col + "'s column"
                                               : "pada garis kolom pasangan nomor " + col};
      }
      return {{o.x + w / 2 + dx, o.y + 150}, en ? "in ticket " + col + "'s column"
                                                : "di kolom pasangan nomor " + col};
    }
    if (race_.type == BallotType::kDpd) {
      if (m.place == Place::kBetween) {
        const int a = lay_.ColumnOf(m.candidate), b = lay_.ColumnOf(m.candidate2);
        const Point o = lay_.Origin(std::max(0, std::min(a, b)));
        const std::string what = en ? "on the line between candidates " +
                                          std::to_string(m.candidate) + " and " +
                                          std::to_string(m.candidate2)
                                    : "pada garis antara calon nomor " +
                                          std::to_string(m.candidate) + " dan " +
                                          std::to_string(m.candidate2);
        if (a >= 0 && b >= 0 && lay_.SameRow(a, b)) return {{o.x + w, o.y + 90 + dx}, what};
        return {{o.x + w / 2 + dx, o.y + h}, what};
      }
      const Point o = lay_.Origin(std::max(0, lay_.ColumnOf(m.column)));
      if (m.place == Place::kBorder) {
        return {{o.x + 2, o.y + 100 + dx}, en ? "on the border of candidate " + col + "'s column"
                                               : "pada garis kolom calon nomor " + col};
      }
      return {{o.x + w / 2 + dx, o.y + 95}, en ? "in candidate " + col + "'s column"
                                               : "di kolom calon nomor " + col};
    }
    const int ci = std::max(0, lay_.ColumnOf(m.column));
    const Point o = lay_.Origin(ci);
    const std::string party = PartyName(m.column);
    switch (m.place) {
      case Place::kColumn:
        return {{o.x + 78 + dx, o.y + 35},
                en ? "on the number/logo of party " + party : "pada nomor/lambang partai " + party};
      case Place::kCandidate: {
        const int r = std::max(0, lay_.RowOf(ci, m.candidate));
        return {{o.x + 200 + dx, o.y + kPartyHeaderH + r * kRowH + kRowH / 2},
                en ? "on candidate " + std::to_string(m.candidate) + " of party " + party
                   : "pada calon nomor " + std::to_string(m.candidate) + " partai " + party};
      }
      case Place::kBlank:
        return {{o.x + 150 + dx, o.y + h - kGreyH / 2 - 1},
                en ? "in the grey area of party " + party + "'s column"
                   : "di area abu-abu kolom partai " + party};
      case Place::kBorder:
        return {{o.x + 1, o.y + h / 2 + dx}, en ? "on the border of party " + party + "'s column"
                                                : "pada garis tepi kolom partai " + party};
      case Place::kBetween: {
        const int r = std::max(lay_.RowOf(ci, m.candidate), lay_.RowOf(ci, m.candidate2));
        return {{o.x + 240 + dx, o.y + kPartyHeaderH + std::max(0, r) * kRowH},
                en ? "on the line between candidates " + std::to_string(m.candidate) + " and " +
                         std::to_string(m.candidate2) + " of party " + party
                   : "pada garis antara calon nomor " + std::to_string(m.candidate) + " dan " +
                         std::to_string(m.candidate2) + " partai " + party};
      }
      case Place::kOutside:
        break;
    }
    return {{0, 0}, ""};
  }

  void Marks() {
    const bool en = o_.english;
    if (b_.mark_count == 0) desc_.push_back(en ? "no hole or mark" : "tidak ada lubang atau tanda");
    std::map<std::tuple<int, int, int, int>, int> seen;
    for (uint32_t i = 0; i < b_.mark_count; ++i) {
      const Mark& m = rx_.marks[b_.first_mark + i];
      const int k = seen[{static_cast<int>(m.place), m.column, m.candidate, m.candidate2}]++;
      auto [p, what] = Locate(m, k);
      const std::string cx = Num(p.x), cy = Num(p.y);
      std::string noun;
      switch (b_.tool) {
        case Tool::kPunch:
          noun = m.twin ? (en ? "a through-punch hole (mirror of another hole, from the fold)"
                              : "lubang tembus (pasangan lubang lain, dari lipatan)")
                        : (en ? "a punched hole" : "lubang coblosan");
          if (m.twin) {
            out_ += "<circle class=\"hole twin\" cx=\"" + cx + "\" cy=\"" + cy +
                    "\" r=\"15\" fill=\"none\" stroke=\"#333\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/>";
          }
          out_ += "<circle class=\"hole\" cx=\"" + cx + "\" cy=\"" + cy +
                  "\" r=\"9\" fill=\"#111\" stroke=\"#fff\" stroke-width=\"3\"/>";
          break;
        case Tool::kPen:
          noun = en ? "a pen mark" : "coretan pena";
          out_ += "<path class=\"pen\" d=\"M" + Num(p.x - 9) + " " + Num(p.y - 9) + " L" +
                  Num(p.x + 9) + " " + Num(p.y + 9) + " M" + Num(p.x + 9) + " " + Num(p.y - 9) +
                  " L" + Num(p.x - 9) + " " + Num(p.y + 9) +
                  "\" stroke=\"#1b3fae\" stroke-width=\"3\"/>";
          break;
        case Tool::kOther:
          noun = en ? "a burnt or torn mark" : "bekas bakar atau sobekan";
          out_ += "<circle class=\"burn\" cx=\"" + cx + "\" cy=\"" + cy +
                  "\" r=\"10\" fill=\"#6b3e1e\" fill-opacity=\"0.8\"/>";
          break;
      }
      desc_.push_back(noun + " " + what);
    }
  }

  const Election& e_;
  const Race& race_;
  const RaceExercise& rx_;
  const ExerciseBallot& b_;
  const SvgOptions& o_;
  Layout lay_;
  std::string out_;
  std::vector<std::string> desc_;
};

}  // namespace

std::string BallotSvg(const Election& election, const RaceExercise& race, size_t index,
                      const SvgOptions& options) {
  const Race* r = election.RaceOf(race.type);
  if (r == nullptr || index >= race.ballots.size()) return "";
  return Drawer(election, *r, race, index, options).Draw();
}

}  // namespace bimtek::ballot

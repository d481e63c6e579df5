//! Fictional case documents for the search benchmark: text of the words of commercial disputes,
//! drawn with Zipf's law (a few words very often, most rarely) by a seeded generator, so that
//! every run files the same documents and asks the same questions.

/// SplitMix64: small, fast, and the same on every machine.
pub(crate) struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// A number in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The common words, roughly from the most frequent down.
const COMMON: &str = "the of and to in a that for is on by with as be this under was which it at
from or not any its shall have has been were their such party parties other are all agreement
claimant respondent contract clause date time notice payment price delivery goods cranes port
terminal vessel cargo shipment invoice invoices amount sum dispute mediation mediator settlement
session joint caucus statement claim claims reply defence counterclaim evidence witness expert
report exhibit annex schedule letter email meeting minutes board director manager engineer buyer
seller supplier contractor subcontractor owner operator charterer carrier insurer bank guarantee
credit bill lading acceptance test tests tonnes load rated capacity failure failed
defect defects repair repairs replacement warranty period months days weeks year years first
second third final interim provisional amended revised original copy signed executed dated
attached enclosed above below herein thereof whereas therefore however although because since
until unless before after during between within without against upon into over about further
also only each every both either neither more most less least many much few several same
different new old current previous next last early late full partial total net gross cost costs
damages loss losses interest rate currency dollars euros fee fees tax taxes charges freight
demurrage storage handling insurance premium risk title property rights obligations liability
liable breach terminate termination suspension force majeure event events circumstances delay
delays extension schedule milestone commissioning installation inspection certificate
certificates survey surveyor measurement measurements specification specifications drawing
drawings design standard standards quality safety crane gantry boom hoist trolley spreader
container containers berth quay yard gate road rail truck trucks fleet hull engine fuel crew
master pilot tug harbour authority customs clearance permit licence approval approvals consent
request requests proposal offer offers counteroffer negotiation negotiations position positions
interest interests option options figure figures range valuation estimate estimates quotation
tender award purchase order orders change variation variations instruction instructions site
works work progress status update summary background facts issue issues question questions
answer answers response responses comment comments note notes record records file filed filing
procedure procedural rules rule article articles section sections paragraph paragraphs law
governing jurisdiction court tribunal arbitration arbitral award enforcement convention state
states government ministry agency public private commercial company companies limited group
holding subsidiary affiliate shareholder shareholders capital share shares account accounts
audit auditor financial statements revenue profit margin budget forecast plan plans strategy
market markets customer customers client clients counsel lawyer lawyers firm representative
authority authorised signature witnessed translation translated language english french chinese
original authentic version versions draft drafts final confidential privileged without prejudice
open closed pending agreed disputed accepted rejected refused granted denied reserved waived
claimed alleged denied admitted stated confirmed noted recorded reported observed found shown
considered reviewed examined tested measured calculated estimated paid unpaid due overdue
outstanding balance deposit advance retention release released returned delivered received
shipped loaded unloaded discharged stored inspected repaired replaced installed commissioned
operated maintained serviced damaged lost stolen destroyed delayed suspended terminated
cancelled extended amended renewed assigned transferred novated guaranteed secured insured";

/// Syllables of the made-up names of people, companies, ships and places.
const SYLLABLES: [&str; 40] = [
    "ka", "lo", "mer", "tan", "vi", "sol", "dra", "ken", "ul", "bre", "cas", "dor", "el", "fin", "gar", "hol", "ir",
    "jun", "kel", "lum", "mor", "nor", "ost", "pel", "quin", "ros", "sten", "tor", "ven", "wil", "xan", "yor", "zel",
    "ar", "bel", "cor", "dun", "fal", "ha", "lin",
];

/// Words drawn with Zipf's law from the common words and from made-up names.
pub(crate) struct Words {
    common: Vec<&'static str>,
    names: Vec<String>,
    /// Cumulative weights for the common words and for the names.
    common_weights: Vec<f64>,
    name_weights: Vec<f64>,
}

fn zipf(n: usize) -> Vec<f64> {
    let mut total = 0.0;
    (0..n)
        .map(|rank| {
            total += 1.0 / (rank as f64 + 2.0);
            total
        })
        .collect()
}

fn pick(weights: &[f64], rng: &mut Rng) -> usize {
    let total = weights.last().copied().unwrap_or(0.0);
    let at = rng.unit() * total;
    weights.partition_point(|w| *w < at).min(weights.len().saturating_sub(1))
}

impl Words {
    /// The words, with `names` made-up names.
    pub fn new(names: usize, rng: &mut Rng) -> Words {
        let common: Vec<&'static str> = COMMON.split_whitespace().collect();
        let mut made = std::collections::BTreeSet::new();
        let mut list = Vec::with_capacity(names);
        while list.len() < names {
            let parts = 2 + rng.below(2);
            let mut name = String::new();
            for _ in 0..parts {
                name.push_str(SYLLABLES[rng.below(SYLLABLES.len())]);
            }
            if made.insert(name.clone()) {
                let mut letters = name.chars();
                let capital: String =
                    letters.next().map(|c| c.to_ascii_uppercase()).into_iter().chain(letters).collect();
                list.push(capital);
            }
        }
        Words { common_weights: zipf(common.len()), name_weights: zipf(list.len()), common, names: list }
    }

    pub fn common(&self, rng: &mut Rng) -> &str {
        self.common[pick(&self.common_weights, rng)]
    }

    pub fn name(&self, rng: &mut Rng) -> &str {
        &self.names[pick(&self.name_weights, rng)]
    }

    /// One of the common words below the most frequent `skip`, evenly: what people search for.
    pub fn searched(&self, skip: usize, rng: &mut Rng) -> &str {
        let from = skip.min(self.common.len().saturating_sub(1));
        self.common[from + rng.below(self.common.len() - from)]
    }

    /// A sentence of 8 to 24 words, about one in eight a name, now and then a figure.
    fn sentence(&self, rng: &mut Rng, out: &mut String) {
        let n = 8 + rng.below(17);
        for i in 0..n {
            let word = match rng.below(16) {
                0 | 1 => self.name(rng).to_owned(),
                2 if i > 0 => format!("{}", 1 + rng.below(9_999)),
                _ => self.common(rng).to_owned(),
            };
            if i == 0 {
                let mut letters = word.chars();
                out.extend(letters.next().map(|c| c.to_ascii_uppercase()));
                out.extend(letters);
            } else {
                out.push(' ');
                out.push_str(&word);
            }
        }
        out.push_str(". ");
    }

    /// A document of at least `bytes` bytes of text, in paragraphs, with a title.
    pub fn document(&self, k: usize, bytes: usize, rng: &mut Rng) -> (String, String) {
        let kinds = ["Exhibit", "Witness statement", "Expert report", "Letter", "Minutes", "Memorial", "Annex"];
        let title = format!(
            "{} {k}: {} {} {}",
            kinds[rng.below(kinds.len())],
            self.common(rng),
            self.name(rng),
            self.common(rng)
        );
        let mut text = String::with_capacity(bytes + 200);
        while text.len() < bytes {
            for _ in 0..3 + rng.below(5) {
                self.sentence(rng, &mut text);
            }
            text.push_str("\n\n");
        }
        (title, text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_documents_of_the_size_asked() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        let (wa, wb) = (Words::new(500, &mut a), Words::new(500, &mut b));
        let (title, text) = wa.document(1, 10_000, &mut a);
        assert_eq!((title.clone(), text.clone()), wb.document(1, 10_000, &mut b));
        assert!(text.len() >= 10_000 && text.len() < 11_000, "{}", text.len());
        assert!(title.starts_with(|c: char| c.is_ascii_uppercase()));
        // Varied: hundreds of different words in one document.
        let distinct: std::collections::HashSet<&str> = text.split_whitespace().collect();
        assert!(distinct.len() > 300, "{}", distinct.len());
    }
}

//! IRIs of the vocabularies pactgraph writes, as documented constants.
//!
//! Every `pg:` constant is declared in `ontology/pactgraph.ttl` (a test checks it).

use oxigraph::model::NamedNodeRef;

/// Base of all pactgraph IRIs.
pub const BASE: &str = "https://w3id.org/pactgraph/";
/// Namespace of entities and proposals (`pgr:`).
pub const ENTITY_NS: &str = "https://w3id.org/pactgraph/id/";
/// Namespace of documents and their named graphs (`pgd:`).
pub const DOC_NS: &str = "https://w3id.org/pactgraph/doc/";
/// Namespace of stances (`pgs:`).
pub const STANCE_NS: &str = "https://w3id.org/pactgraph/stance/";
/// Namespace of role statements.
pub const ROLE_NS: &str = "https://w3id.org/pactgraph/role/";
/// Namespace of stance types (`pgt:`).
pub const STANCE_TYPE_NS: &str = "https://w3id.org/pactgraph/stance-type/";
/// Namespace of lexicons (`pgl:`).
pub const LEXICON_NS: &str = "https://w3id.org/pactgraph/lexicon/";
/// Namespace of tally nodes (see [`crate::rdf::tally`]).
pub const TALLY_NS: &str = "https://w3id.org/pactgraph/tally/";
/// The named graph holding the tallies.
pub const TALLY_GRAPH: NamedNodeRef<'static> = NamedNodeRef::new_unchecked("https://w3id.org/pactgraph/graph/tallies");
/// The named graph holding the ontology and gazetteers.
pub const ONTOLOGY_GRAPH: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/pactgraph/graph/ontology");

/// The local name of an IRI: what follows its last `/` or `#`.
pub fn local_name(iri: &str) -> &str {
    iri.rsplit(['/', '#']).next().unwrap_or(iri)
}

macro_rules! terms {
    ($ns:literal; $($(#[$doc:meta])* $name:ident = $local:literal;)*) => {
        $($(#[$doc])* pub const $name: NamedNodeRef<'static> =
            NamedNodeRef::new_unchecked(concat!($ns, $local));)*
        /// Every term of this namespace, for checks.
        #[cfg(test)]
        pub const ALL: &[NamedNodeRef<'static>] = &[$($name),*];
    };
}

/// The pactgraph ontology (`pg:`).
pub mod pg {
    use super::NamedNodeRef;
    /// The namespace IRI.
    pub const NS: &str = "https://w3id.org/pactgraph/ontology#";
    terms! { "https://w3id.org/pactgraph/ontology#";
        /// An actor, place or proposal.
        ENTITY = "Entity";
        /// A person.
        PERSON = "Person";
        /// An organisation.
        ORGANIZATION = "Organization";
        /// A state acting politically.
        STATE = "State";
        /// A government institution.
        GOVERNMENT = "Government";
        /// An alliance or international organisation.
        ALLIANCE = "Alliance";
        /// A ministry or agency.
        MINISTRY = "Ministry";
        /// A legislature.
        LEGISLATURE = "Legislature";
        /// A media organisation.
        MEDIA_ORGANIZATION = "MediaOrganization";
        /// A university or think tank.
        INSTITUTION = "Institution";
        /// A company.
        COMPANY = "Company";
        /// An armed force or group.
        ARMED_FORCE = "ArmedForce";
        /// A political party.
        POLITICAL_PARTY = "PoliticalParty";
        /// A collective actor.
        COLLECTIVE_ACTOR = "CollectiveActor";
        /// A place.
        PLACE = "Place";
        /// A country.
        COUNTRY = "Country";
        /// A region.
        REGION = "Region";
        /// A continent.
        CONTINENT = "Continent";
        /// A city.
        CITY = "City";
        /// A facility.
        FACILITY = "Facility";
        /// A proposal.
        PROPOSAL = "Proposal";
        /// The proposal concept scheme.
        PROPOSAL_SCHEME = "proposalScheme";
        /// A word list.
        LEXICON = "Lexicon";
        /// Place containment.
        LOCATED_IN = "locatedIn";
        /// Region made of regions.
        SPANS = "spans";
        /// Capital city of a country.
        CAPITAL = "capital";
        /// Government of a state.
        GOVERNMENT_OF = "governmentOf";
        /// Person's affiliation.
        AFFILIATION = "affiliation";
        /// Demonym of a country.
        DEMONYM = "demonym";
        /// A phrase naming a government.
        GOVERNMENT_LABEL = "governmentLabel";
        /// Population.
        POPULATION = "population";
        /// ISO 3166 code.
        ISO_CODE = "isoCode";
        /// Ambiguous name flag.
        AMBIGUOUS_NAME = "ambiguousName";
        /// Lexicon entry.
        ENTRY = "entry";
        /// Regex pattern.
        PATTERN = "pattern";
        /// Example sentence.
        EXAMPLE = "example";
        /// Counter-example sentence.
        COUNTER_EXAMPLE = "counterExample";
        /// Text of an example.
        TEXT = "text";
        /// Place a proposal concerns.
        CONCERNS = "concerns";
        /// A stance cue.
        STANCE_CUE = "StanceCue";
        /// A hedge cue.
        HEDGE_CUE = "HedgeCue";
        /// A negation cue.
        NEGATION_CUE = "NegationCue";
        /// A condition cue.
        CONDITION_CUE = "ConditionCue";
        /// A speech cue.
        SPEECH_CUE = "SpeechCue";
        /// Stance type of a cue.
        STANCE_TYPE = "stanceType";
        /// Stance type when negated.
        POLARITY_ON_NEGATION = "polarityOnNegation";
        /// Hedge kind.
        HEDGE_KIND = "hedgeKind";
        /// Condition kind.
        CONDITION_KIND = "conditionKind";
        /// Where a cue's holder is.
        ACTOR_POSITION = "actorPosition";
        /// Where a cue's proposal is.
        PROPOSAL_POSITION = "proposalPosition";
        /// The stance a proposal mention implies by itself.
        IMPLIED_STANCE = "impliedStance";
        /// PLOVER type of a stance type.
        PLOVER_TYPE = "ploverType";
        /// CAMEO code of a stance type.
        CAMEO_CODE = "cameoCode";
        /// Polarity of a stance type.
        POLARITY = "polarity";
        /// A document.
        DOCUMENT = "Document";
        /// Content hash of a document.
        CONTENT_HASH = "contentHash";
        /// On the ontology graph: the store holds the whole gazetteer, not only the entities
        /// its documents use.
        FULL_GAZETTEER = "fullGazetteer";
        /// Outlet of a document.
        OUTLET = "outlet";
        /// A mention.
        MENTION = "Mention";
        /// Entity a mention refers to.
        REFERS_TO = "refersTo";
        /// Role of a mention.
        MENTION_ROLE = "mentionRole";
        /// Rule that produced a fact.
        RULE = "rule";
        /// Boilerplate flag.
        IN_BOILERPLATE = "inBoilerplate";
        /// A proposal found in an article's words, not taken from the scheme.
        DISCOVERED = "discovered";
        /// Document mentions entity.
        MENTIONS = "mentions";
        /// Evidence sentence mentions entity.
        SENTENCE_MENTIONS = "sentenceMentions";
        /// A stance.
        STANCE = "Stance";
        /// Actor of a stance.
        ACTOR = "actor";
        /// Type of a stance.
        STANCE_PROP = "stance";
        /// Proposal of a stance.
        PROPOSAL_PROP = "proposal";
        /// Target of a stance.
        TARGET = "target";
        /// Condition of a stance.
        HAS_CONDITION = "hasCondition";
        /// Condition text.
        CONDITION_TEXT = "conditionText";
        /// Hedged flag.
        HEDGED = "hedged";
        /// Negated flag.
        NEGATED = "negated";
        /// Statement date.
        STATEMENT_DATE = "statementDate";
        /// Evidence sentence.
        EVIDENCE = "evidence";
        /// Evidence text.
        EVIDENCE_TEXT = "evidenceText";
        /// A direct quotation.
        QUOTE = "Quote";
        /// A role an article gives a person.
        ROLE_STATEMENT = "RoleStatement";
        /// The person holding a role.
        HOLDER = "holder";
        /// The party a role is held for or at.
        ROLE_OF = "roleOf";
        /// Who says a quotation or states a stance.
        SPEAKER = "speaker";
        /// The verb introducing a quotation.
        SPEECH_VERB = "speechVerb";
        /// PLOVER event of a stance.
        PLOVER_EVENT = "ploverEvent";
        /// CAMEO root of a stance.
        CAMEO_ROOT = "cameoRoot";
    }
}

/// The tally vocabulary (`tally:`): corpus-wide counts, see [`crate::rdf::tally`].
pub mod tally {
    use super::NamedNodeRef;
    /// The namespace IRI.
    pub const NS: &str = "https://w3id.org/pactgraph/ontology/tally#";
    terms! { "https://w3id.org/pactgraph/ontology/tally#";
        /// Documents with a stance of a type by an actor on a proposal.
        POSITION = "Position";
        /// The same, per statement date.
        TIMELINE = "Timeline";
        /// The same, per condition.
        CONDITION = "Condition";
        /// Documents printing a stance's evidence sentence.
        STATEMENT = "Statement";
        /// Evidence sentences naming two actors.
        CO_MENTION = "CoMention";
        /// Documents naming a person or place.
        MENTION = "Mention";
        /// Documents giving a person a role.
        ROLE = "Role";
        /// The count.
        COUNT = "count";
        /// The compacted node a pending node adds to.
        PART_OF = "partOf";
        /// The version of the tally graph's layout (on the graph's IRI).
        VERSION = "version";
        /// Key: actor.
        ACTOR = "actor";
        /// Key: the other actor of a pair.
        OTHER = "other";
        /// Key: stance type.
        STANCE = "stance";
        /// Key: proposal.
        PROPOSAL = "proposal";
        /// Key: date.
        DATE = "date";
        /// Key: condition text.
        CONDITION_TEXT = "conditionText";
        /// Key: the proposal a condition names.
        CONDITION_PROPOSAL = "conditionProposal";
        /// Key: hedged flag.
        HEDGED = "hedged";
        /// Key: evidence sentence.
        EVIDENCE = "evidence";
        /// Key: entity.
        ENTITY = "entity";
        /// Key: entity class.
        CLASS = "class";
        /// Key: role holder.
        HOLDER = "holder";
        /// Key: role name.
        ROLE_NAME = "roleName";
        /// Key: party of a role.
        OF = "of";
    }
}

/// SKOS.
pub mod skos {
    use super::NamedNodeRef;
    /// skos:prefLabel
    pub const PREF_LABEL: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#prefLabel");
    /// skos:altLabel
    pub const ALT_LABEL: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#altLabel");
    /// skos:hiddenLabel
    pub const HIDDEN_LABEL: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#hiddenLabel");
    /// skos:broader
    pub const BROADER: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#broader");
    /// skos:inScheme
    pub const IN_SCHEME: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#inScheme");
    /// skos:Concept
    pub const CONCEPT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#Concept");
}

/// NIF 2.0 core.
pub mod nif {
    use super::NamedNodeRef;
    /// nif:Context
    pub const CONTEXT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#Context");
    /// nif:Sentence
    pub const SENTENCE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#Sentence");
    /// nif:isString
    pub const IS_STRING: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#isString");
    /// nif:beginIndex
    pub const BEGIN_INDEX: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#beginIndex");
    /// nif:endIndex
    pub const END_INDEX: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#endIndex");
    /// nif:anchorOf
    pub const ANCHOR_OF: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf");
    /// nif:referenceContext
    pub const REFERENCE_CONTEXT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#referenceContext");
}

/// Other standard terms.
pub mod std_terms {
    use super::NamedNodeRef;
    /// dct:title
    pub const DCT_TITLE: NamedNodeRef<'static> = NamedNodeRef::new_unchecked("http://purl.org/dc/terms/title");
    /// dct:date
    pub const DCT_DATE: NamedNodeRef<'static> = NamedNodeRef::new_unchecked("http://purl.org/dc/terms/date");
    /// dct:creator (an HTML page's byline, as written)
    pub const DCT_CREATOR: NamedNodeRef<'static> = NamedNodeRef::new_unchecked("http://purl.org/dc/terms/creator");
    /// dct:source
    pub const DCT_SOURCE: NamedNodeRef<'static> = NamedNodeRef::new_unchecked("http://purl.org/dc/terms/source");
    /// prov:wasDerivedFrom
    pub const PROV_WAS_DERIVED_FROM: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/prov#wasDerivedFrom");
    /// owl:sameAs
    pub const OWL_SAME_AS: NamedNodeRef<'static> = NamedNodeRef::new_unchecked("http://www.w3.org/2002/07/owl#sameAs");
    /// rdfs:label
    pub const RDFS_LABEL: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2000/01/rdf-schema#label");
    /// rdfs:subClassOf
    pub const RDFS_SUB_CLASS_OF: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2000/01/rdf-schema#subClassOf");
    /// wgs84:lat
    pub const WGS84_LAT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2003/01/geo/wgs84_pos#lat");
    /// wgs84:long
    pub const WGS84_LONG: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2003/01/geo/wgs84_pos#long");
    /// schema:roleName
    pub const SCHEMA_ROLE_NAME: NamedNodeRef<'static> = NamedNodeRef::new_unchecked("https://schema.org/roleName");
    /// schema:jobTitle
    pub const SCHEMA_JOB_TITLE: NamedNodeRef<'static> = NamedNodeRef::new_unchecked("https://schema.org/jobTitle");
    /// schema:url
    pub const SCHEMA_URL: NamedNodeRef<'static> = NamedNodeRef::new_unchecked("https://schema.org/url");
}

#[cfg(test)]
mod tests {
    use super::{pg, tally};

    #[test]
    fn every_pg_and_tally_term_is_declared_in_the_ontology() {
        let ttl = include_str!("../../ontology/pactgraph.ttl");
        for (prefix, ns, terms) in [("pg", pg::NS, pg::ALL), ("tally", tally::NS, tally::ALL)] {
            for term in terms {
                let local = &term.as_str()[ns.len()..];
                let declared = format!("{prefix}:{local} a ");
                assert!(ttl.contains(&declared), "{prefix}:{local} is not declared in pactgraph.ttl");
            }
        }
    }
}

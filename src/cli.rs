//! The command-line interface: clap types only, no behaviour.
//!
//! Every option is documented here, because these doc comments *are* the
//! `--help` text. What each subcommand does lives in `commands/`. The
//! library's own types (`Analysis`, `Filters`) are converted from the clap
//! types here (`AnalyzeWhat`, `FilterArgs`); the plain value lists
//! (`NetworkKind` and the formats) derive clap's `ValueEnum` where they are
//! defined, so their help stays beside them.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::analysis::{Analysis, Filters, NetworkKind, ReportFormat};
use crate::export::ExportFormat;
use crate::print::OutputFormat;

const AFTER_HELP: &str = "\
Examples:
  plangraph repl                                   interactive SPARQL on the embedded corpus
  plangraph query 'SELECT (COUNT(*) AS ?n) WHERE { ?t a pg:Task }'
  plangraph query -f queries/units-by-led-tasks.rq --format csv > units.csv
  plangraph build --data ./my-plans -o graph.nq    ingest other documents and save the graph
  plangraph --aliases anhui.tsv build --data ./anhui-plans   with unit aliases of your own
  plangraph --graph graph.nq query 'ASK { ?t pg:leadUnit unit:山东省科技厅 }'
  plangraph analyze centrality --year 2022 --format csv
  plangraph export co-lead --format graphml -o co-lead.graphml

The embedded corpus is five Shandong provincial plans (2022-2025); --data DIR or
file arguments replace it, --graph FILE loads a saved graph instead.";

/// Query government policy plans as a knowledge graph
///
/// plangraph turns the action plans of provinces, cities and counties (Chinese
/// text, web pages, Word files, PDFs) into an RDF graph of documents, plans,
/// tasks, responsible units, targets, deadlines, regions and industries, and
/// lets you query it in SPARQL, analyse the department network and export
/// subgraphs for Gephi, Cytoscape and Graphviz.
#[derive(Debug, Parser)]
#[command(name = "plangraph", version, after_long_help = AFTER_HELP)]
pub struct Cli {
    #[command(flatten)]
    pub sources: SourceArgs,

    /// Print more detail: every diagnostic with file:line, timings
    #[arg(short, long, global = true)]
    pub verbose: bool,

    #[command(subcommand)]
    pub command: Command,
}

/// Where the graph comes from; shared by every subcommand.
#[derive(Debug, Clone, Default, Args)]
pub struct SourceArgs {
    /// Read the plan documents (.txt, .html, .docx, .pdf) in DIR instead of the embedded corpus
    ///
    /// Every `.txt`, `.html`/`.htm`, `.docx` and `.pdf` file directly in DIR
    /// is ingested, in file-name order; entries that are not documents (a
    /// directory, a FIFO, a broken link, an empty file, an image or other
    /// binary file) are skipped with a warning. With document files as well
    /// (`build --data DIR FILE…`) both are read. Text is expected in UTF-8;
    /// UTF-16, GB18030/GBK and Big5 files are recognised and decoded, and a
    /// diagnostic says which encoding was used. Web pages are read for their
    /// article, Word files for their paragraphs and tables, PDFs with
    /// poppler's pdftotext (which must be installed for them).
    #[arg(long, value_name = "DIR", global = true, conflicts_with = "graph")]
    pub data: Option<PathBuf>,

    /// Load a graph saved by `plangraph build -o FILE` instead of ingesting text
    ///
    /// The format is taken from the extension: .nq (N-Quads), .nt (N-Triples),
    /// .ttl (Turtle), .trig (TriG), which are loaded into memory (skipping the
    /// documents' parsing), or .hdt (HDT), which is queried in place: it opens
    /// in milliseconds at any size, with the built-in ontology beside it.
    #[arg(long, value_name = "FILE", global = true)]
    pub graph: Option<PathBuf>,

    /// Read the graph from a SPARQL 1.1 query endpoint instead (Oxigraph, Virtuoso, Fuseki…)
    ///
    /// Every command that reads the graph asks the store at URL, over the
    /// SPARQL 1.1 Protocol, with the project's prefixes declared in front of
    /// each query; a query of your own goes to the store as written. `plangraph
    /// push` puts a graph there. Credentials come from PLANGRAPH_USER and
    /// PLANGRAPH_PASSWORD, else from ~/.netrc (or the file $NETRC names), never
    /// from the command line.
    #[arg(
        long,
        value_name = "URL",
        global = true,
        conflicts_with_all = ["graph", "data", "jurisdiction"]
    )]
    pub endpoint: Option<String>,

    /// State the jurisdiction of every document read (province, city or county)
    ///
    /// Each document's jurisdiction qualifies its units' names (省科技厅 in a
    /// Shandong plan is unit:山东省科技厅) and is read from its text: the issuer
    /// or title, the issuing number (鲁政办字, 穗府 …), place names in unit names.
    /// Where the text does not say, `build` warns and the units keep their
    /// printed names. REGION is a name of the national division table: 山东省,
    /// 广州市, 蔡甸区, or qualified where the name recurs (福州市鼓楼区). Per
    /// document, a file jurisdiction.tsv beside the documents can state it
    /// instead: one `FILE<TAB>REGION` line per document, `*` for every
    /// document of that directory, `#` for comments; this option overrides it.
    #[arg(long, value_name = "REGION", global = true, conflicts_with = "graph")]
    pub jurisdiction: Option<String>,

    /// Read unit aliases from FILE besides the built-in table (repeatable)
    ///
    /// FILE is a tab-separated table in the format of the built-in one: a
    /// `# jurisdiction: REGION` line says whose bodies the rows after it are
    /// (安徽省, 合肥市, 蔡甸区), then one row per printed form:
    /// `SURFACE<TAB>CANONICAL`, optionally followed by collective (1/0), succeeded_by
    /// (`;`-separated), full_name, english and a note; `#` starts a comment.
    /// A document of that jurisdiction (or inside it) reads SURFACE as the
    /// unit CANONICAL, and describe, analyze unit, export unit, \d and
    /// --param unit= find the unit by either name. A row that says otherwise
    /// than the built-in table or an earlier file wins (build says so, once).
    /// The default file, $XDG_CONFIG_HOME/plangraph/aliases.tsv (else
    /// ~/.config/plangraph/aliases.tsv, or the file $PLANGRAPH_ALIASES names;
    /// PLANGRAPH_ALIASES= reads none), is read first when it exists.
    /// Example: `plangraph --aliases anhui.tsv build --data ./anhui-plans`
    #[arg(long = "aliases", value_name = "FILE", global = true)]
    pub aliases: Vec<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Ingest documents, report what was found, optionally save the graph
    ///
    /// Prints, per document, the plans, tasks, attributions and units found,
    /// then the diagnostics (a count per kind; every one with file:line under
    /// --verbose). With -o the graph is written atomically (temporary file,
    /// then rename) in the format given by the extension: .nq, .nt, .ttl, .trig,
    /// or .hdt (HDT: compressed and indexed, queried in place by --graph; it
    /// holds the data's default graph, the ontology comes from the binary);
    /// statements are sorted, so two builds of the same documents give the same bytes.
    /// An existing file keeps its mode and owner, a symbolic link is followed,
    /// a device or FIFO (/dev/null) is written through, and a file that is one
    /// of the documents read is refused. The file opens with a comment, `#
    /// plangraph: N statements`, that --graph checks, so a truncated file is
    /// refused.
    #[command(
        after_long_help = "Examples:\n  plangraph build\n  plangraph build -o graph.nq\n  plangraph build plans/a.txt plans/b.txt --verbose"
    )]
    Build(BuildArgs),

    /// Run one SPARQL query and print its results
    ///
    /// The query comes from the argument, from -f FILE, or from standard input
    /// (when neither is given, or the argument is `-`). The prefixes pg, doc,
    /// plan, task, unit, region, industry, rdf, rdfs, xsd, owl, skos, dcterms,
    /// org and prov are predeclared.
    #[command(
        after_long_help = "Examples:\n  plangraph query 'SELECT ?t WHERE { ?t pg:leadUnit unit:山东省科技厅 } LIMIT 5'\n  plangraph query -f queries/co-lead-pairs.rq --format csv > pairs.csv\n  plangraph query -f queries/tasks-led-by-unit.rq --param unit=省工信厅\n  plangraph query -f queries/co-lead-pairs.rq --format csv --prefixed --bom > pairs.csv   (for Excel)\n  echo 'ASK { ?s ?p ?o }' | plangraph query"
    )]
    Query(QueryArgs),

    /// Interactive SPARQL shell with completion, history and meta-commands
    ///
    /// Statements end with `;` or a blank line. `\?` lists the meta-commands.
    /// When standard input is not a terminal, statements are read from it and
    /// run in order (`plangraph repl < session.sparql`).
    ///
    /// On a terminal the prompt appears at once and the graph is built
    /// meanwhile; the first statement waits for it. A source that cannot be
    /// read (a missing --data directory) stops the shell before the prompt.
    #[command(
        after_long_help = "Examples:\n  plangraph repl\n  plangraph repl --timeout 10\n  plangraph repl < session.sparql"
    )]
    Repl(ReplArgs),

    /// Canned analyses of the department network, without SPARQL
    #[command(
        after_long_help = "Examples:\n  plangraph analyze co-lead --top 10\n  plangraph analyze centrality --year 2022 --format csv\n  plangraph analyze unit 省科技厅\n  plangraph analyze unit 省科技厅 --format csv -o kejiting.csv   (one file per table)\n  plangraph analyze unit 省科技厅 --format csv --table partners\n  plangraph analyze compare"
    )]
    Analyze(AnalyzeArgs),

    /// Export a subgraph for Gephi, Cytoscape, Graphviz, D3 or RDF tools
    ///
    /// co-lead and dependencies export the analysis networks (same filters as
    /// `analyze`) with each unit's centralities and community and each edge's
    /// weights. unit, plan and query export RDF slices: as ttl, nt or jsonld,
    /// or as a network in any other format. The format comes from --format,
    /// else from the -o file's extension; a slice defaults to Turtle. Without
    /// -o the export goes to standard output; with -o the file is written
    /// atomically (an existing file keeps its mode and owner, a symbolic link
    /// is followed, a device is written through), and never over one of the
    /// command's inputs (the query file, the saved graph, a document). Output
    /// is sorted and ids derive from IRIs, so two exports of the same graph
    /// are byte-identical.
    #[command(
        after_long_help = "Examples:\n  plangraph export co-lead --format graphml -o co-lead.graphml\n  plangraph export dependencies --format gexf -o deps.gexf\n  plangraph export unit 省科技厅 --hops 2 --format ttl\n  plangraph export co-lead --format svg -o co-lead.svg\n  plangraph export co-lead --unit 省科技厅 --hops 1 -o kejiting.gexf   (units-only ego network)"
    )]
    Export(ExportArgs),

    /// Search the tasks' text: Chinese terms, all required, best first (as `\search`)
    ///
    /// Terms separated by spaces must all occur in a task's text (pg:text); a
    /// phrase between double quotes must occur as written, spaces included
    /// (quote it for the shell: '"数字 政府"'). Matching is by substring on the
    /// text in simplified script, so 氢能 also finds 氢能源 and a term in
    /// traditional script (數字) finds what its simplified form finds. One row
    /// per task: task (IRI), plan (its title), lead_units, score (BM25 over
    /// the terms; a term's own word, an occurrence in the task's title and the
    /// terms written together count more) and snippet, the passage around
    /// the rarest term. Matches are marked «like this» in CSV, JSON and a
    /// table that is not on a terminal; on a terminal they are in bold colour
    /// (NO_COLOR turns it off). The filters are those of `analyze`; --unit
    /// keeps the tasks the unit leads or cooperates on.
    #[command(
        after_long_help = "Examples:\n  plangraph search 氢能\n  plangraph search 数字 政府 --year 2023 --limit 5\n  plangraph search '\"数字政府\"' --format csv > tasks.csv\n  plangraph search 碳达峰 --unit 省发展改革委 --format json"
    )]
    Search(SearchArgs),

    /// Describe a unit, plan, task or any IRI: types, labels, edges (as `\d` in the REPL)
    ///
    /// NAME is a prefixed name (unit:山东省科技厅, plan:2022-科技研发创新), a full IRI, or a
    /// plain name or alias, which is looked up among labels (省科技廳 finds 省科技厅).
    /// For a unit, the numbers of tasks it leads and cooperates on are shown too.
    #[command(
        after_long_help = "Examples:\n  plangraph describe 省科技厅\n  plangraph describe plan:2024-科技研发创新\n  plangraph describe task:2022-科技研发创新-2-n1"
    )]
    Describe {
        /// What to describe: a prefixed name, an IRI, or a plain name
        name: String,
        /// Show long literals in full
        #[arg(long)]
        wide: bool,
    },

    /// Show where a task is printed: document, lines and verbatim text (as `\why`)
    #[command(
        after_long_help = "Examples:\n  plangraph why 2022-科技研发创新-2-n1\n  plangraph why task:2024-人才引育创新-2-s1"
    )]
    Why {
        /// The task: its IRI local name, prefixed name or IRI
        task: String,
    },

    /// Serve the graph over HTTP: a SPARQL endpoint, linked-data pages and a workbench
    ///
    /// /sparql speaks the SPARQL 1.1 Protocol (GET ?query=, POST form-encoded or
    /// application/sparql-query; results as SPARQL JSON, XML, CSV or TSV, graphs
    /// as Turtle, N-Triples, JSON-LD or RDF/XML, by Accept or ?format=). The graph
    /// is read-only: updates are refused. Every IRI of the graph is served at its
    /// own path (/id/unit/…, /ontology): a page for browsers, RDF for programs.
    /// The workbench at / runs the canned questions, queries with completion, and
    /// draws the department network. Listens on 127.0.0.1 only unless --bind
    /// says otherwise; Ctrl-C or SIGTERM stops it after the running requests.
    #[command(
        after_long_help = "Examples:\n  plangraph serve\n  plangraph --data ./plans serve --bind 127.0.0.1:8080 --timeout 10\n  plangraph --graph graph.nq serve --cors\n  curl -H 'Accept: text/csv' 'http://127.0.0.1:7878/sparql?query=SELECT%20*%20WHERE%20%7B%3Fs%20%3Fp%20%3Fo%7D%20LIMIT%205'"
    )]
    Serve(ServeArgs),

    /// Upload the graph to a SPARQL store (Graph Store HTTP Protocol), to query it with --endpoint
    ///
    /// URL is the store's Graph Store endpoint: Oxigraph server's
    /// http://HOST:7878/store, Virtuoso's http://HOST:8890/sparql-graph-crud,
    /// Fuseki's http://HOST:3030/DATASET/data. The graph of the current source
    /// (the embedded corpus, --data DIR or --graph FILE) goes into the store's
    /// default graph, or into --graph-name IRI, in batches of 50,000 triples;
    /// the ontology goes into its own named graph
    /// <https://w3id.org/plangraph/ontology>, replaced each time. Credentials
    /// come from PLANGRAPH_USER and PLANGRAPH_PASSWORD, else ~/.netrc.
    #[command(
        after_long_help = "Examples:\n  plangraph push http://127.0.0.1:7878/store --replace\n  plangraph --data ./plans push http://127.0.0.1:7878/store --graph-name https://example.org/plans/anhui\n  plangraph --endpoint http://127.0.0.1:7878/query analyze centrality"
    )]
    Push(PushArgs),

    /// Print the text plangraph reads from documents (web pages, Word files, PDFs)
    ///
    /// Each file is read as `build` and --data read it: a web page's article
    /// without its navigation, share bar and footer; a Word file's paragraphs
    /// and tables in reading order, with Word's numbering written out; a PDF's
    /// text (through poppler's pdftotext) without running headers, footers and
    /// page numbers, paragraphs joined across line and page breaks; a text file
    /// decoded from its encoding. A task table's rows come out as the lines the
    /// attribution grammar reads. What a reader left out or could not read is
    /// said on standard error with file:line. With several files, each starts
    /// with `==> NAME <==`.
    #[command(
        after_long_help = "Examples:\n  plangraph text plan.pdf | less\n  plangraph text -n division.docx   (line numbers as why gives them, pages, table rows)\n  plangraph text notice.html > notice.txt"
    )]
    Text(TextArgs),

    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    #[command(
        after_long_help = "Examples:\n  plangraph completions bash > /etc/bash_completion.d/plangraph\n  plangraph completions zsh > ~/.zfunc/_plangraph"
    )]
    Completions {
        /// The shell to generate completions for
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Plan documents to ingest instead of the embedded corpus
    ///
    /// Documents are named by their file name, plus as much of their
    /// directory as tells two files of the same name apart (x/a.txt,
    /// y/a.txt); a file given twice is read once. Each is read up to 64 MB.
    /// Text, web pages (.html), Word files (.docx) and PDFs are read.
    #[arg(value_name = "FILES")]
    pub files: Vec<PathBuf>,

    /// Save the graph to FILE (.nq, .nt, .ttl, .trig or .hdt), written atomically
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct QueryArgs {
    /// The SPARQL query; `-` or nothing reads it from standard input
    #[arg(value_name = "QUERY", conflicts_with = "file")]
    pub query: Option<String>,

    /// Read the query from FILE (e.g. one of queries/*.rq); `-` is standard input
    #[arg(short, long, value_name = "FILE")]
    pub file: Option<PathBuf>,

    /// Output format
    ///
    /// SELECT and ASK: table (default, aligned for CJK), csv, tsv, json (W3C
    /// SPARQL 1.1 results JSON), xml. CONSTRUCT and DESCRIBE: ttl (default) or nt.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<OutputFormat>,

    /// Abort the query after SECONDS
    ///
    /// The query stops within a second of the limit whatever it is doing
    /// (joining, sorting, aggregating, following a property path, streaming
    /// rows, or running under --explain) and the command fails with "query
    /// timed out after SECONDS s" and exit status 2. A fraction is fine
    /// (0.5); the limit is 1000000000. Default: no limit.
    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<f64>,

    /// Show long literals in full in table output (no truncation with …)
    #[arg(long)]
    pub wide: bool,

    /// Print oxigraph's evaluation plan with statistics instead of the results (as `\explain`)
    #[arg(long)]
    pub explain: bool,

    /// Bind the query parameter NAME to VALUE (repeatable)
    ///
    /// Parameters are declared in the query's header, one line each:
    /// `# param: NAME TYPE DEFAULT DESCRIPTION` (TYPE is unit, plan, task,
    /// iri, string or integer; DEFAULT `-` makes it required). A unit is
    /// found by any of its names (省工信厅, 山东省工业和信息化厅, unit:…), a plan
    /// by its IRI local name or title, a task by its local name. The value
    /// is bound to ?NAME as an RDF term, never pasted into the query text.
    /// Parameters not given take their default.
    #[arg(long = "param", short = 'p', value_name = "NAME=VALUE")]
    pub param: Vec<String>,

    /// Start CSV/TSV output with a UTF-8 byte-order mark, for Excel
    ///
    /// Excel on Windows reads a CSV file without one in the system code page,
    /// so every Chinese name turns into mojibake; with the mark it reads
    /// UTF-8. It is off by default because the mark ends up inside the first
    /// column's name for most other readers (cut, awk, join, Python's csv
    /// with encoding='utf-8', R's read.csv), which is worse for scripts.
    #[arg(long)]
    pub bom: bool,

    /// CSV/TSV cells as the table shows them: unit:山东省科技厅 instead of full IRIs
    ///
    /// Without it CSV and TSV follow the W3C SPARQL results formats (CSV:
    /// full IRIs; TSV: Turtle syntax, <IRI> and quoted literals), which other
    /// SPARQL tools read back. With it, IRIs with a known prefix are written
    /// as prefixed names and literals by their value, as in the table.
    #[arg(long)]
    pub prefixed: bool,
}

#[derive(Debug, Args)]
pub struct ReplArgs {
    /// Abort every query after SECONDS (`\timeout` changes it)
    ///
    /// A query that runs too long stops within a second, whatever it is
    /// doing, and the session goes on; so does Ctrl-C on a running query.
    /// Default: no limit.
    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<f64>,

    /// Do not read or write the history file
    #[arg(long)]
    pub no_history: bool,

    /// With piped input, stop at the first failing statement (exit status 2)
    ///
    /// Without it, a piped session runs every statement, reports failures on
    /// stderr and exits with status 0 at the end of the input, as psql does.
    #[arg(long)]
    pub on_error_stop: bool,
}

#[derive(Debug, Args)]
pub struct PushArgs {
    /// The store's Graph Store HTTP Protocol endpoint
    pub url: String,

    /// Put the data into this named graph instead of the store's default graph
    #[arg(long, value_name = "IRI")]
    pub graph_name: Option<String>,

    /// Replace what the graph held (PUT) instead of adding to it (POST)
    #[arg(long)]
    pub replace: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on (port 0: any free port, printed)
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:7878")]
    pub bind: std::net::SocketAddr,

    /// Stop every query after SECONDS and answer 503
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    pub timeout: f64,

    /// Queries evaluated at once; more wait for a turn (default: twice the cores)
    #[arg(long, value_name = "N")]
    pub max_concurrent: Option<usize>,

    /// Allow pages of any origin to query the server (CORS)
    #[arg(long)]
    pub cors: bool,
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    #[command(subcommand)]
    pub analysis: AnalyzeWhat,

    #[command(flatten)]
    pub filters: FilterArgs,

    /// Output format
    #[arg(long, value_enum, default_value = "table", global = true)]
    pub format: ReportFormat,

    /// Show only the first N rows of each table (0 = all)
    #[arg(long, value_name = "N", global = true)]
    pub top: Option<usize>,

    /// Write the report to FILE; with --format csv, one file per table
    ///
    /// A report holds several tables (analyze unit: by_plan, partners,
    /// targets), and a CSV file holds one. With --format csv, -o FILE writes
    /// each table to FILE.TABLE.csv (a trailing .csv on FILE is dropped
    /// first), e.g. -o kejiting.csv → kejiting.by_plan.csv,
    /// kejiting.partners.csv, kejiting.targets.csv. Table and JSON go to FILE
    /// itself. Each file written is named on standard error.
    #[arg(short, long, value_name = "FILE", global = true)]
    pub output: Option<PathBuf>,

    /// With --format csv on standard output: print TABLE instead of the main one
    ///
    /// Standard output gets one table so that it loads straight into a
    /// spreadsheet; standard error names the others.
    #[arg(long, value_name = "TABLE", global = true)]
    pub table: Option<String>,

    /// Start each CSV file with a UTF-8 byte-order mark, for Excel (see `query --help`)
    #[arg(long, global = true)]
    pub bom: bool,
}

#[derive(Debug, Clone, Subcommand)]
pub enum AnalyzeWhat {
    /// Units that lead tasks together: edge weight = distinct tasks co-led
    CoLead,
    /// Who relies on whom: lead unit → cooperating unit, weighted
    Dependencies,
    /// Weighted degree, betweenness, PageRank and eigenvector centrality
    Centrality {
        /// The network to measure
        #[arg(long, value_enum, default_value = "co-lead")]
        network: NetworkKind,
    },
    /// Louvain communities (fixed seed) with their modularity
    Communities {
        /// The network to partition
        #[arg(long, value_enum, default_value = "co-lead")]
        network: NetworkKind,
        /// Random seed (results are reproducible for a given seed)
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Resolution parameter (1.0 = standard modularity)
        #[arg(long, default_value_t = 1.0)]
        resolution: f64,
    },
    /// k-core numbers of the units
    Core {
        #[arg(long, value_enum, default_value = "co-lead")]
        network: NetworkKind,
    },
    /// Articulation points and bridges: units whose absence splits the network
    Brokers {
        #[arg(long, value_enum, default_value = "co-lead")]
        network: NetworkKind,
    },
    /// One department's profile: tasks led and cooperated, partners, targets
    Unit {
        /// The unit's name (canonical or any alias, e.g. 省科技厅 or 省科技廳)
        name: String,
    },
    /// How roles shift between the periods of the plans read
    ///
    /// One period per start year of the plans; a plan running over several
    /// years makes them one period (the embedded corpus: 2022, 2023, 2024–25).
    Compare,
    /// How concentrated leadership is: top-5/top-10 share, Gini, per period
    Concentration,
    /// Quantified targets by year: indicator, value, measure, comparator, plan, lead units
    ///
    /// The year is the one printed with the target, else the governing 到20XX年 of its
    /// sentence or paragraph, else the plan's end year (column year_source says which).
    Targets {
        /// Only the tasks this unit leads (canonical name or any alias, e.g. 省科技厅)
        #[arg(long, value_name = "NAME")]
        unit: Option<String>,
    },
}

/// Filters shared by `analyze` and `export` (into [`Filters`]).
#[derive(Debug, Clone, Default, Args)]
pub struct FilterArgs {
    /// Only tasks of plans that start in YEAR (repeatable)
    #[arg(long, value_name = "YEAR", global = true)]
    pub year: Vec<i32>,
    /// Only tasks of one plan group (pg:planGroup, e.g. 十大创新 in the embedded corpus)
    #[arg(long, value_name = "GROUP", global = true)]
    pub plan_group: Option<String>,
    /// Only tasks of plans whose title contains TEXT (e.g. 科技研发创新)
    #[arg(long, value_name = "TEXT", global = true)]
    pub plan: Option<String>,
    /// Only tasks linked to INDUSTRY (e.g. 新能源产业)
    #[arg(long, value_name = "INDUSTRY", global = true)]
    pub industry: Option<String>,
    /// Only tasks that mention REGION (e.g. 青岛)
    #[arg(long, value_name = "REGION", global = true)]
    pub region: Option<String>,
    /// Keep collective pseudo-units such as 省有关部门单位 (left out by default)
    #[arg(long, global = true)]
    pub include_collective: bool,
}

impl From<&FilterArgs> for Filters {
    fn from(args: &FilterArgs) -> Self {
        Filters {
            year: args.year.clone(),
            plan_group: args.plan_group.clone(),
            plan: args.plan.clone(),
            industry: args.industry.clone(),
            region: args.region.clone(),
            include_collective: args.include_collective,
        }
    }
}

impl From<&AnalyzeWhat> for Analysis {
    fn from(what: &AnalyzeWhat) -> Self {
        match what {
            AnalyzeWhat::CoLead => Analysis::CoLead,
            AnalyzeWhat::Dependencies => Analysis::Dependencies,
            AnalyzeWhat::Centrality { network } => Analysis::Centrality { network: *network },
            AnalyzeWhat::Communities {
                network,
                seed,
                resolution,
            } => Analysis::Communities {
                network: *network,
                seed: *seed,
                resolution: *resolution,
            },
            AnalyzeWhat::Core { network } => Analysis::Core { network: *network },
            AnalyzeWhat::Brokers { network } => Analysis::Brokers { network: *network },
            AnalyzeWhat::Unit { name } => Analysis::Unit { name: name.clone() },
            AnalyzeWhat::Compare => Analysis::Compare,
            AnalyzeWhat::Concentration => Analysis::Concentration,
            AnalyzeWhat::Targets { unit } => Analysis::Targets { unit: unit.clone() },
        }
    }
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(subcommand)]
    pub what: ExportWhat,

    #[command(flatten)]
    pub filters: FilterArgs,

    /// Output format
    #[arg(long, value_enum, global = true)]
    pub format: Option<ExportFormat>,

    /// Write to FILE (atomically) instead of standard output
    #[arg(short, long, value_name = "FILE", global = true)]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Subcommand)]
pub enum ExportWhat {
    /// The co-lead network with centralities and communities
    ///
    /// With --unit NAME, only the units within --hops edges of that unit and
    /// the edges among them (its ego network, as Gephi's ego filter gives);
    /// their measures are those of the whole network.
    CoLead(EgoArgs),
    /// The lead → cooperating unit network with centralities and communities
    ///
    /// With --unit NAME, only the units within --hops edges of that unit
    /// (either direction) and the edges among them.
    Dependencies(EgoArgs),
    /// A department's neighbourhood: its tasks, their plans, partners, targets, regions
    Unit {
        /// The unit's name (canonical or any alias)
        name: String,
        /// How many tasks away from the unit to go
        ///
        /// 1: the unit's tasks (led or cooperated) and what they name: plans,
        /// partner units, targets, regions, industries; 2: also the partners'
        /// tasks; 0: the unit alone.
        #[arg(long, default_value_t = 1)]
        hops: usize,
    },
    /// One plan with its tasks and units
    Plan {
        /// The plan's title or IRI local name (e.g. 科技研发创新 or 2022-科技研发创新)
        name: String,
    },
    /// The result of a CONSTRUCT query
    Query {
        /// A .rq file holding a CONSTRUCT or DESCRIBE query
        file: PathBuf,
    },
}

/// The ego-network options of the network exports.
#[derive(Debug, Clone, Default, Args)]
pub struct EgoArgs {
    /// Only this unit's ego network (canonical name or any alias)
    #[arg(long, value_name = "NAME")]
    pub unit: Option<String>,
    /// With --unit: how many edges away from the unit to go
    #[arg(long, default_value_t = 1, requires = "unit")]
    pub hops: usize,
}

/// `plangraph text`'s arguments.
#[derive(Debug, Args)]
pub struct TextArgs {
    /// The documents: .txt, .html, .docx or .pdf
    #[arg(value_name = "FILES", required = true)]
    pub files: Vec<PathBuf>,
    /// Start each line with its number (the one `why` and pg:line give), and
    /// for a PDF its page, for a table its row: `12 (page 3) (table 1, row 2): …`
    #[arg(short = 'n', long)]
    pub line_number: bool,
}

/// `plangraph search`'s arguments (and `\search`'s words).
#[derive(Debug, Clone, Args)]
pub struct SearchArgs {
    /// The terms (all required) and "quoted phrases"
    #[arg(value_name = "TERMS", required = true, num_args = 1..)]
    pub terms: Vec<String>,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: crate::search::SearchFormat,
    /// Show at most N tasks, best first
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub limit: usize,
    /// Only tasks this unit leads or cooperates on (any of its names)
    #[arg(long, value_name = "UNIT")]
    pub unit: Option<String>,
    #[command(flatten)]
    pub filters: FilterArgs,
}

impl From<&SearchArgs> for crate::search::SearchFilters {
    fn from(args: &SearchArgs) -> Self {
        crate::search::SearchFilters {
            filters: Filters::from(&args.filters),
            unit: args.unit.clone(),
        }
    }
}

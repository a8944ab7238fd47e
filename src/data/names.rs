//! What a column's header says about its role, read the way people name columns (issue "real
//! files": `y_pred_prob`, `churn_actual`, `price_hat`, `p_top`, `request_ms`, `customerID`).
//!
//! A header is split into lower-case *tokens* at `_`, `-`, `.`, spaces and camelCase boundaries
//! (`yPredProba` → `y pred proba`, `customerID` → `customer id`). [`hints`] returns every role the
//! name is compatible with, strongest first; [`crate::data::infer_schema`] then checks each hint
//! against the values (a score must lie in [0, 1], a latency must be a non-negative number, a class
//! probability must name a class that exists, …) and resolves conflicts.

/// Lower-case tokens of a header name.
pub fn tokens(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        // camelCase: a capital after a lower-case letter or digit, or the last capital of an
        // acronym before a lower-case letter (`HTTPStatus` → `http status`).
        let boundary = c.is_uppercase()
            && prev.is_some_and(|p| {
                p.is_lowercase() || (p.is_uppercase() && next.is_some_and(char::is_lowercase))
            });
        if boundary && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// How strongly a name points at a role: an exact conventional name beats a pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    /// Matches a pattern (`*_pred`, `latency_*`).
    Pattern = 1,
    /// A conventional name (`y_pred`, `latency_ms`).
    Exact = 2,
}

/// One role a header name is compatible with.
#[derive(Clone, Debug, PartialEq)]
pub enum Hint {
    /// Ground truth. `stem`: what it is the truth of (`churn` of `churn_actual`).
    Target {
        /// Exact or pattern.
        strength: Strength,
        /// The subject, when the name has one.
        stem: Option<String>,
    },
    /// A predicted label or value; `stem` names the target it predicts (`price` of `price_hat`).
    Prediction {
        /// Exact or pattern.
        strength: Strength,
        /// The predicted target's name, when given.
        stem: Option<String>,
    },
    /// A probability or score of the positive class.
    Score {
        /// Exact or pattern.
        strength: Strength,
        /// `true` when the name says probability (`proba`, `prob`, `probability`); `false` for
        /// `score`-like names, which must then hold values in [0, 1].
        probability: bool,
        /// The subject (`churn` of `churn_probability`).
        stem: Option<String>,
    },
    /// The probability of one class, written in the name (`p_cat`, `y_pred_proba_cat`).
    ClassScore {
        /// The class text as written in the header.
        class: String,
    },
    /// Event time.
    Timestamp(Strength),
    /// Row identifier.
    Id(Strength),
    /// Response time; `ms` when the unit is milliseconds.
    Latency {
        /// Exact or pattern.
        strength: Strength,
        /// Unit in milliseconds (else seconds).
        ms: bool,
    },
    /// Error flag or HTTP status.
    Status,
    /// Cost or tokens.
    Cost(Strength),
    /// Model or prompt version, experiment arm.
    Version,
    /// User feedback.
    Feedback,
    /// A demographic or segment attribute: a candidate for bias analysis.
    Group(Strength),
    /// A proxy of the outcome (dwell time, scroll depth, regenerated, clicked).
    Proxy,
    /// The input of an LLM request (prompt, question).
    Input,
    /// The expected answer of an eval example.
    Expected,
    /// An LLM's answer. `strength`: `Exact` for names that only an LLM log uses
    /// (`completion`, `model_output`), `Pattern` for the generic `output` and `answer`.
    Output(Strength),
}

fn joined(t: &[String]) -> String {
    t.concat()
}

const PRED_WORDS: [&str; 5] = ["pred", "prediction", "predicted", "hat", "yhat"];
const PROBA_WORDS: [&str; 6] = [
    "proba",
    "probability",
    "prob",
    "probs",
    "probas",
    "likelihood",
];
const MS_WORDS: [&str; 5] = ["ms", "millis", "msec", "msecs", "milliseconds"];
const S_WORDS: [&str; 5] = ["s", "sec", "secs", "seconds", "second"];
const TIMING_WORDS: [&str; 10] = [
    "duration",
    "elapsed",
    "latency",
    "took",
    "processing",
    "inference",
    "request",
    "response",
    "execution",
    "compute",
];

/// The class a per-class probability header is about: `p_cat`, `prob_cat`, `proba_cat`,
/// `probability_cat`, `y_pred_proba_cat`, `pred_proba_cat`, `predicted_proba_cat`, `cat_proba`,
/// `cat_prob`, `cat_probability` → `cat` (as written in the header).
pub fn class_of_score_column(name: &str) -> Option<&str> {
    let norm: String = name
        .chars()
        .map(|c| if matches!(c, '-' | ' ' | '.') { '_' } else { c })
        .flat_map(char::to_lowercase)
        .collect();
    // Lower-casing can change byte lengths outside ASCII: only slice when it did not.
    if norm.len() != name.len() {
        return None;
    }
    const PREFIXES: [&str; 13] = [
        "y_pred_proba_",
        "y_pred_prob_",
        "y_proba_",
        "y_prob_",
        "pred_proba_",
        "pred_prob_",
        "predicted_proba_",
        "predicted_probability_",
        "prediction_proba_",
        "probability_",
        "proba_",
        "prob_",
        "p_",
    ];
    // `y_pred_prob` is a score, not the probability of a class `y_pred`.
    let not_a_class = |c: &str| {
        tokens(c).iter().all(|t| {
            matches!(
                t.as_str(),
                "y" | "pred" | "predicted" | "prediction" | "model"
            )
        })
    };
    for pre in PREFIXES {
        if norm.starts_with(pre) && name.len() > pre.len() {
            return name.get(pre.len()..).filter(|c| !not_a_class(c));
        }
    }
    for suf in ["_probability", "_proba", "_prob"] {
        if norm.ends_with(suf) && name.len() > suf.len() {
            return name
                .get(..name.len() - suf.len())
                .filter(|c| !not_a_class(c));
        }
    }
    None
}

/// The roles a header name is compatible with, strongest first (empty: nothing but a feature).
pub fn hints(name: &str) -> Vec<Hint> {
    let t = tokens(name);
    let n = joined(&t);
    let mut h = Vec::new();
    if t.is_empty() {
        return h;
    }
    let has = |w: &str| t.iter().any(|x| x == w);
    let has_any = |ws: &[&str]| t.iter().any(|x| ws.contains(&x.as_str()));
    let last = t[t.len() - 1].as_str();
    let first = t[0].as_str();
    let stem_without = |drop: &[&str]| -> Option<String> {
        let rest: Vec<&str> = t
            .iter()
            .map(String::as_str)
            .filter(|x| !drop.contains(x) && *x != "y")
            .collect();
        (!rest.is_empty()).then(|| rest.join("_"))
    };

    // Probabilities and scores first: `y_pred_proba` is a score, not a prediction.
    let proba = has_any(&PROBA_WORDS);
    if let Some(class) = class_of_score_column(name) {
        h.push(Hint::ClassScore {
            class: class.to_owned(),
        });
    }
    if proba {
        let exact = matches!(
            n.as_str(),
            "proba"
                | "probability"
                | "prob"
                | "yproba"
                | "yprob"
                | "predproba"
                | "predprob"
                | "ypredproba"
                | "ypredprob"
                | "predictionproba"
                | "predictedproba"
                | "predictedprobability"
                | "predictionprobability"
                | "predictedprob"
        );
        h.push(Hint::Score {
            strength: if exact {
                Strength::Exact
            } else {
                Strength::Pattern
            },
            probability: true,
            stem: stem_without(&[
                "proba",
                "probability",
                "prob",
                "probs",
                "probas",
                "likelihood",
                "pred",
                "predicted",
                "prediction",
            ]),
        });
    } else if matches!(
        n.as_str(),
        "score" | "yscore" | "predscore" | "predictionscore" | "modelscore"
    ) {
        h.push(Hint::Score {
            strength: Strength::Exact,
            probability: false,
            stem: None,
        });
    } else if last == "score" {
        h.push(Hint::Score {
            strength: Strength::Pattern,
            probability: false,
            stem: stem_without(&["score"]),
        });
    }

    // Latency before timestamps: `response_time` is a duration, `event_time` a time.
    let ms = has_any(&MS_WORDS);
    // Times a user spends (dwell, session, watch) are proxies, not response times; a point in
    // time in milliseconds (`timestamp_ms`) is a timestamp; a span in days or months
    // (`time_elapsed_(months)`, `duration_days`) is no response time.
    let not_latency = has_any(&[
        "day",
        "days",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "dwell",
        "session",
        "watch",
        "view",
        "read",
        "scroll",
        "screen",
        "active",
        "idle",
        "timestamp",
        "date",
        "epoch",
        "created",
        "updated",
    ]);
    if not_latency {
    } else if has("latency") || n.starts_with("responsetime") {
        h.push(Hint::Latency {
            strength: if matches!(n.as_str(), "latency" | "latencyms" | "latencys") {
                Strength::Exact
            } else {
                Strength::Pattern
            },
            ms,
        });
    } else if t.len() >= 2
        && (MS_WORDS.contains(&last)
            || (S_WORDS.contains(&last) && has_any(&TIMING_WORDS))
            || (has_any(&["duration", "elapsed"]) && !has_any(&["date"])))
    {
        h.push(Hint::Latency {
            strength: Strength::Pattern,
            ms,
        });
    }

    // Predictions (not probabilities).
    if !proba && !h.iter().any(|x| matches!(x, Hint::Score { .. })) {
        let exact = matches!(
            n.as_str(),
            "prediction"
                | "pred"
                | "predicted"
                | "ypred"
                | "yhat"
                | "predictedlabel"
                | "predictedclass"
                | "predlabel"
                | "predictionlabel"
                | "predictedvalue"
                | "modelprediction"
        );
        if exact {
            h.push(Hint::Prediction {
                strength: Strength::Exact,
                stem: None,
            });
        } else if has_any(&PRED_WORDS) && !has("error") && !has("residual") {
            h.push(Hint::Prediction {
                strength: Strength::Pattern,
                stem: stem_without(&[
                    "pred",
                    "prediction",
                    "predicted",
                    "hat",
                    "yhat",
                    "label",
                    "class",
                    "value",
                ]),
            });
        }
    }

    // Targets.
    let target_exact = matches!(
        n.as_str(),
        "target"
            | "label"
            | "actual"
            | "y"
            | "ytrue"
            | "groundtruth"
            | "truth"
            | "outcome"
            | "class"
            | "truelabel"
            | "actuallabel"
            | "actualvalue"
            | "targetlabel"
    );
    if target_exact {
        h.push(Hint::Target {
            strength: Strength::Exact,
            stem: None,
        });
    } else if !h
        .iter()
        .any(|x| matches!(x, Hint::Prediction { .. } | Hint::Score { .. }))
        && (last == "actual"
            || first == "actual"
            || (last == "true" && t.len() >= 2)
            || last == "target"
            || first == "target"
            || (last == "label" && t.len() >= 2)
            || (has("ground") && has("truth")))
    {
        h.push(Hint::Target {
            strength: Strength::Pattern,
            stem: stem_without(&["actual", "true", "target", "label", "ground", "truth"]),
        });
    }

    // Time.
    let ts_exact = matches!(
        n.as_str(),
        "timestamp"
            | "time"
            | "date"
            | "datetime"
            | "ts"
            | "createdat"
            | "eventtime"
            | "eventtimestamp"
            | "predictiontime"
            | "predictiontimestamp"
            | "requesttime"
            | "requesttimestamp"
            | "eventdate"
            | "epoch"
    );
    if ts_exact || has("timestamp") {
        h.push(Hint::Timestamp(Strength::Exact));
    } else if !h.iter().any(|x| matches!(x, Hint::Latency { .. }))
        && (has_any(&["timestamp", "datetime", "date", "time", "ts", "dt"])
            || (last == "at" && t.len() >= 2)
            || last.ends_with("timestamp"))
    {
        h.push(Hint::Timestamp(Strength::Pattern));
    }

    // Identifiers.
    if matches!(n.as_str(), "id" | "uuid" | "guid" | "identifier") {
        h.push(Hint::Id(Strength::Exact));
    } else if (t.len() >= 2 && matches!(last, "id" | "uuid" | "guid" | "identifier" | "key"))
        // A unit of a panel or a repeated-measures design named alone (pingouin's `Subject`,
        // statsmodels' `individual`).
        || matches!(
            n.as_str(),
            "subject" | "subj" | "individual" | "participant" | "respondent" | "patient"
        )
    {
        h.push(Hint::Id(Strength::Pattern));
    }

    // Service columns.
    if matches!(
        n.as_str(),
        "status"
            | "httpstatus"
            | "statuscode"
            | "error"
            | "iserror"
            | "haserror"
            | "errorflag"
            | "httpcode"
            | "responsecode"
            | "failed"
            | "isfailure"
    ) {
        h.push(Hint::Status);
    }
    // The cost of serving a request (money first, then tokens); a feature that happens to be a
    // cost (`public_transportation_cost`) is not.
    const MONEY: [&str; 6] = ["usd", "eur", "gbp", "dollars", "cents", "credits"];
    const SERVING: [&str; 10] = [
        "request",
        "inference",
        "api",
        "llm",
        "token",
        "model",
        "call",
        "completion",
        "prompt",
        "query",
    ];
    if matches!(
        n.as_str(),
        "cost" | "costusd" | "priceusd" | "totalcost" | "costperrequest"
    ) || (first == "cost" && t.len() == 2 && MONEY.contains(&last))
        || (last == "cost" && t.len() == 2 && SERVING.contains(&first))
    {
        h.push(Hint::Cost(Strength::Exact));
    } else if matches!(
        n.as_str(),
        "tokens" | "totaltokens" | "tokencount" | "ntokens" | "numtokens"
    ) {
        h.push(Hint::Cost(Strength::Pattern));
    }
    if matches!(
        n.as_str(),
        "modelversion"
            | "promptversion"
            | "version"
            | "variant"
            | "arm"
            | "bucket"
            | "experimentarm"
            | "experimentgroup"
            | "abgroup"
            | "treatment"
    ) || (last == "version" && t.len() >= 2)
    {
        h.push(Hint::Version);
    }
    if matches!(
        n.as_str(),
        "feedback"
            | "correct"
            | "iscorrect"
            | "thumbs"
            | "thumbsup"
            | "userrating"
            | "userfeedback"
            | "washelpful"
            | "helpful"
    ) {
        h.push(Hint::Feedback);
    }

    // Proxies of the outcome and the columns of an LLM eval log.
    if has_any(&[
        "dwell",
        "scroll",
        "regen",
        "regenerated",
        "regenerate",
        "regeneration",
        "regenerations",
        "retried",
        "retry",
    ]) || matches!(
        n.as_str(),
        "clicked" | "click" | "clicks" | "clickthrough" | "ctr" | "copied" | "accepted" | "shared"
    ) {
        h.push(Hint::Proxy);
    }
    if matches!(
        n.as_str(),
        "input"
            | "prompt"
            | "question"
            | "query"
            | "userinput"
            | "userprompt"
            | "userquery"
            | "userquestion"
            | "usermessage"
            | "instruction"
            | "inputtext"
            | "prompttext"
    ) {
        h.push(Hint::Input);
    }
    if matches!(
        n.as_str(),
        "expected"
            | "expectedoutput"
            | "expectedanswer"
            | "expectedresponse"
            | "expectedcompletion"
            | "referenceanswer"
            | "referenceoutput"
            | "goldanswer"
            | "goldoutput"
            | "idealanswer"
            | "ideal"
            | "idealoutput"
    ) {
        h.push(Hint::Expected);
    }
    if matches!(
        n.as_str(),
        "actualoutput"
            | "completion"
            | "modeloutput"
            | "llmoutput"
            | "modelresponse"
            | "llmresponse"
            | "modelanswer"
            | "generation"
            | "generatedtext"
            | "responsetext"
            | "outputtext"
            | "actualanswer"
    ) {
        h.push(Hint::Output(Strength::Exact));
    } else if matches!(n.as_str(), "output" | "answer" | "response") {
        h.push(Hint::Output(Strength::Pattern));
    }

    // Groups (demographics, segments).
    if matches!(
        n.as_str(),
        "gender"
            | "sex"
            | "race"
            | "ethnicity"
            | "agebucket"
            | "agegroup"
            | "agerange"
            | "agecat"
            | "ageband"
            | "agecategory"
            | "region"
            | "country"
            | "segment"
            | "nationality"
            | "religion"
            | "disability"
            | "customersegment"
    ) {
        h.push(Hint::Group(Strength::Exact));
    } else if !h.iter().any(|x| matches!(x, Hint::Version))
        && (matches!(
            last,
            "group" | "segment" | "region" | "bucket" | "band" | "country"
        ) || (first == "age" && t.len() >= 2)
            || has_any(&["gender", "sex", "race", "ethnicity", "nationality"]))
    {
        h.push(Hint::Group(Strength::Pattern));
    }
    h
}

/// `true` when a header names a point in time (`timestamp`, `created_at`, `event_time`,
/// `order_date`, `ts`): only such numeric columns are read as epoch times.
pub fn looks_like_timestamp(name: &str) -> bool {
    hints(name).iter().any(|h| matches!(h, Hint::Timestamp(_)))
}

/// The target a prediction or score stem refers to is this column: `price` for `price_hat`,
/// `is_churn` or `churned` for `churn_pred`.
pub fn stem_matches(stem: &str, column: &str) -> bool {
    let s = tokens(stem).concat();
    let c = tokens(column);
    let cj = c.concat();
    if s.is_empty() {
        return false;
    }
    if cj == s {
        return true;
    }
    let rest: String = c
        .iter()
        .map(String::as_str)
        .filter(|x| {
            !matches!(
                *x,
                "is" | "has" | "was" | "did" | "will" | "actual" | "true" | "flag"
            )
        })
        .collect();
    rest == s
        || rest
            .strip_suffix("ed")
            .is_some_and(|r| r == s || format!("{r}e") == s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(name: &str) -> Vec<&'static str> {
        hints(name)
            .iter()
            .map(|h| match h {
                Hint::Target { .. } => "target",
                Hint::Prediction { .. } => "prediction",
                Hint::Score { .. } => "score",
                Hint::ClassScore { .. } => "class_score",
                Hint::Timestamp(_) => "timestamp",
                Hint::Id(_) => "id",
                Hint::Latency { .. } => "latency",
                Hint::Status => "status",
                Hint::Cost(_) => "cost",
                Hint::Version => "version",
                Hint::Feedback => "feedback",
                Hint::Group(_) => "group",
                Hint::Proxy => "proxy",
                Hint::Input => "input",
                Hint::Expected => "expected",
                Hint::Output(_) => "output",
            })
            .collect()
    }

    #[test]
    fn splits_headers_into_tokens() {
        assert_eq!(tokens("yPredProba"), ["y", "pred", "proba"]);
        assert_eq!(tokens("customerID"), ["customer", "id"]);
        assert_eq!(tokens("PassengerId"), ["passenger", "id"]);
        assert_eq!(tokens("HTTPStatus"), ["http", "status"]);
        assert_eq!(tokens("response_time-ms"), ["response", "time", "ms"]);
        assert_eq!(tokens("V12"), ["v12"]);
        assert_eq!(tokens("__"), Vec::<String>::new());
    }

    #[test]
    fn reads_llm_log_and_proxy_names() {
        assert_eq!(kinds("expected_output"), ["expected"]);
        assert_eq!(kinds("actual_output"), ["target", "output"]);
        assert_eq!(kinds("completion"), ["output"]);
        assert_eq!(kinds("prompt"), ["input"]);
        assert_eq!(kinds("prompt_version"), ["version"]);
        assert_eq!(kinds("dwell_time"), ["timestamp", "proxy"]);
        assert_eq!(kinds("scrollDepth"), ["proxy"]);
        assert_eq!(kinds("regenerated"), ["proxy"]);
        assert_eq!(kinds("clicked"), ["proxy"]);
        assert!(kinds("response_time").contains(&"latency"));
        assert!(!kinds("response_time").contains(&"output"));
    }

    #[test]
    fn reads_real_names() {
        assert_eq!(kinds("y_pred_prob")[0], "score");
        assert_eq!(kinds("predicted_proba"), ["score"]);
        assert_eq!(kinds("y_pred_proba_cat"), ["class_score", "score"]);
        assert_eq!(kinds("p_top"), ["class_score"]);
        assert_eq!(kinds("churn_actual"), ["target"]);
        assert_eq!(kinds("price_hat"), ["prediction"]);
        assert_eq!(kinds("churn_pred"), ["prediction"]);
        assert_eq!(kinds("y_pred"), ["prediction"]);
        assert_eq!(kinds("y"), ["target"]);
        assert_eq!(kinds("Survived"), Vec::<&str>::new());
        assert_eq!(kinds("request_ms"), ["latency"]);
        assert_eq!(kinds("elapsed_ms"), ["latency"]);
        assert!(!kinds("time_elapsed_between_onset_and_diagnosis_(months)").contains(&"latency"));
        assert!(!kinds("duration_days").contains(&"latency"));
        assert_eq!(kinds("response_time"), ["latency"]);
        assert_eq!(kinds("event_time"), ["timestamp"]);
        assert_eq!(kinds("created_at"), ["timestamp"]);
        assert_eq!(kinds("customerID"), ["id"]);
        assert_eq!(kinds("age_range"), ["group"]);
        assert_eq!(kinds("model_version"), ["version"]);
        assert_eq!(kinds("total_tokens"), ["cost"]);
        assert_eq!(kinds("cost_usd"), ["cost"]);
        assert_eq!(kinds("public_transportation_cost"), Vec::<&str>::new());
        assert_eq!(kinds("duration"), Vec::<&str>::new());
        assert_eq!(kinds("dwell_time_s"), ["timestamp", "proxy"]); // a timestamp only if its values are dates
        assert_eq!(kinds("execution_time_ms"), ["latency"]);
        assert_eq!(kinds("timestamp_ms"), ["timestamp"]);
        assert_eq!(kinds("native-country"), ["group"]);
        assert_eq!(kinds("risk_score"), ["score"]);
        assert!(kinds("decile_score").contains(&"score"));
        assert_eq!(kinds("amount"), Vec::<&str>::new());
    }

    #[test]
    fn stems_pair_targets_with_predictions() {
        let Hint::Prediction { stem, .. } = &hints("price_hat")[0] else {
            panic!()
        };
        assert_eq!(stem.as_deref(), Some("price"));
        assert!(stem_matches("price", "price"));
        assert!(stem_matches("churn", "is_churn"));
        assert!(stem_matches("churn", "churned"));
        assert!(stem_matches("species", "Species"));
        assert!(!stem_matches("price", "prices_paid"));
        let Hint::Score { stem, .. } = &hints("y_pred_prob")[0] else {
            panic!()
        };
        assert_eq!(stem, &None);
    }

    #[test]
    fn class_names_come_from_the_header() {
        assert_eq!(class_of_score_column("proba_cat"), Some("cat"));
        assert_eq!(
            class_of_score_column("y_pred_proba_prepaid_card"),
            Some("prepaid_card")
        );
        assert_eq!(class_of_score_column("Dog_Probability"), Some("Dog"));
        assert_eq!(class_of_score_column("p_1"), Some("1"));
        assert_eq!(class_of_score_column("price"), None);
    }
}

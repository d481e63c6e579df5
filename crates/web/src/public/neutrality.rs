//! The public neutrality dashboard: who is on the panels and who is appointed, by UN regional
//! group, legal tradition, gender and nationality, and how concentrated appointments are.
//! Aggregates only, never a case. Charts are SVG drawn here (readable without JavaScript, each
//! with its numbers in a table beside it); the same numbers download as CSV.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use iomed_domain::access::UserId;
use iomed_domain::mediators::MediatorProfile;
use iomed_domain::statistics::merge_small_categories;

use crate::kit::auth::{Auth, public};
use crate::kit::context::Ctx;
use crate::kit::error::WebError;
use crate::kit::i18n::{I18n, Lang};
use crate::kit::render::{Page, render};
use crate::kit::state::AppState;

/// One bar: a category's label and its two counts.
pub struct Bar {
    pub label: String,
    pub members: usize,
    pub appointments: usize,
    /// Widths in the chart, out of 300.
    pub members_width: usize,
    pub appointments_width: usize,
}

/// One dimension: its key (`group`, `tradition`, `gender`, `nationality`, `mediator`) and bars.
pub struct Dimension {
    pub key: &'static str,
    pub bars: Vec<Bar>,
    pub height: usize,
}

/// A category with its panel members and appointments.
type Row = (String, usize, usize);

struct Counts {
    dimensions: Vec<(&'static str, Vec<Row>)>,
}

fn categories(i18n: &I18n, lang: Lang, profile: &MediatorProfile) -> Vec<(&'static str, String)> {
    // A dual national counts in each of their regional groups, as in each of their nationalities.
    let mut groups: Vec<String> =
        profile.regional_groups().iter().map(|g| i18n.message(lang, &format!("group-{}", g.as_str()), &[])).collect();
    if groups.is_empty() {
        groups.push(i18n.message(lang, "neutrality-unknown", &[]));
    }
    let tradition = profile
        .legal_tradition
        .map(|t| i18n.message(lang, &format!("tradition-{}", t.as_str().replace('_', "-")), &[]))
        .unwrap_or_else(|| i18n.message(lang, "neutrality-unknown", &[]));
    let gender = if profile.gender.trim().is_empty() {
        i18n.message(lang, "neutrality-not-given", &[])
    } else {
        profile.gender.trim().to_owned()
    };
    let mut out: Vec<(&'static str, String)> = groups.into_iter().map(|g| ("group", g)).collect();
    out.extend([("tradition", tradition), ("gender", gender)]);
    for n in &profile.nationalities {
        out.push(("nationality", n.un().map(|un| i18n.country(lang, un)).unwrap_or_else(|| n.to_string())));
    }
    out.push(("mediator", profile.name.clone()));
    out
}

async fn counts(state: &AppState, lang: Lang) -> Result<Counts, WebError> {
    let today = iomed_domain::seat::seat_date(state.store.now());
    let mut members: Vec<UserId> =
        state.store.designations().await?.into_iter().filter(|d| d.active_on(today)).map(|d| d.mediator).collect();
    members.sort();
    members.dedup();
    let appointments = state.store.accepted_appointments().await?;
    let mut profiles = BTreeMap::new();
    for id in members.iter().chain(appointments.iter()) {
        if let std::collections::btree_map::Entry::Vacant(e) = profiles.entry(*id)
            && let Some(p) = state.store.mediator_profile(*id).await?
        {
            e.insert(p);
        }
    }
    let mut table: BTreeMap<&'static str, BTreeMap<String, (usize, usize)>> = BTreeMap::new();
    for (who, is_member) in members.iter().map(|m| (m, true)).chain(appointments.iter().map(|a| (a, false))) {
        let Some(profile) = profiles.get(who) else { continue };
        for (dimension, category) in categories(&state.i18n, lang, profile) {
            // Only appointments count per mediator (concentration).
            if dimension == "mediator" && is_member {
                continue;
            }
            let entry = table.entry(dimension).or_default().entry(category).or_default();
            if is_member { entry.0 += 1 } else { entry.1 += 1 }
        }
    }
    // Self-described gender is personal: the domain merges the small categories so that no one
    // is pointed at.
    if let Some(genders) = table.remove("gender") {
        let merged = merge_small_categories(genders, &state.i18n.message(lang, "neutrality-small-categories", &[]));
        table.insert("gender", merged.into_iter().collect());
    }
    let order = ["group", "tradition", "gender", "nationality", "mediator"];
    let dimensions = order
        .iter()
        .map(|key| {
            let mut rows: Vec<Row> =
                table.remove(key).unwrap_or_default().into_iter().map(|(k, (m, a))| (k, m, a)).collect();
            rows.sort_by(|a, b| (b.1 + b.2).cmp(&(a.1 + a.2)).then_with(|| a.0.cmp(&b.0)));
            (*key, rows)
        })
        .collect();
    Ok(Counts { dimensions })
}

#[derive(Template)]
#[template(path = "neutrality.html")]
struct NeutralityPage<'a> {
    p: Page<'a>,
    dimensions: Vec<Dimension>,
}

pub async fn page(State(state): State<AppState>, ctx: Ctx, auth: Auth) -> Result<Response, WebError> {
    public(&state, &auth).await?;
    let counts = counts(&state, ctx.lang).await?;
    let dimensions = counts
        .dimensions
        .into_iter()
        .map(|(key, rows)| {
            let max = rows.iter().map(|r| r.1.max(r.2)).max().unwrap_or(0).max(1);
            let bars: Vec<Bar> = rows
                .into_iter()
                .map(|(label, members, appointments)| Bar {
                    members_width: members * 300 / max,
                    appointments_width: appointments * 300 / max,
                    label,
                    members,
                    appointments,
                })
                .collect();
            Dimension { key, height: bars.len() * 40 + 10, bars }
        })
        .collect();
    let p = Page::new(&state, &ctx, &auth, "neutrality").await;
    render(&ctx, StatusCode::OK, &NeutralityPage { p, dimensions })
}

/// The dashboard's numbers: `dimension,category,panel_members,appointments`.
pub async fn csv(State(state): State<AppState>, ctx: Ctx, auth: Auth) -> Result<Response, WebError> {
    public(&state, &auth).await?;
    let counts = counts(&state, ctx.lang).await?;
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let mut out = String::from("dimension,category,panel_members,appointments\n");
    for (key, rows) in counts.dimensions {
        for (category, members, appointments) in rows {
            out.push_str(&format!("{key},{},{members},{appointments}\n", quote(&category)));
        }
    }
    let mut response = out.into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    response
        .headers_mut()
        .insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment; filename=\"iomed-neutrality.csv\""));
    Ok(response)
}

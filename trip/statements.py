"""The shared library of good-practice statements, written by us in plain English.

They are grouped under the five domains of the Recovery Self-Assessment and ImROC's ten
organisational challenges, but the words are our own: short, in the team's "we" voice, for a
reading age of about eleven. The data migration loads them; `key` names each one for good."""

LIBRARY: list[tuple[str, str, str]] = [
    # (key, theme, words)
    (
        "own-goals",
        "life_goals",
        "We help people work out their own goals, not the goals we think they should have.",
    ),
    (
        "life-outside",
        "life_goals",
        "We talk about the whole of a person's life: home, work, friends and fun, not only their health.",
    ),
    (
        "hope",
        "life_goals",
        "We believe people can have a good life, and we tell them so, even when things are hard.",
    ),
    ("say-in-service", "involvement", "People using the service help decide how our service is run."),
    (
        "paid-roles",
        "involvement",
        "People with lived experience work in our team and are paid for what they do.",
    ),
    ("family-welcome", "involvement", "We welcome family and friends, when the person wants them involved."),
    (
        "more-than-medicine",
        "treatment_options",
        "We offer more than medicine: talking, groups, things to do, and help with money, homes and work.",
    ),
    (
        "community-links",
        "treatment_options",
        "We help people find groups, classes and clubs that are not part of mental health care.",
    ),
    (
        "peer-support",
        "treatment_options",
        "People can get support from someone who has been through something similar.",
    ),
    ("real-choice", "choice", "People choose the kind of support they get, and who gives it."),
    ("own-records", "choice", "People can see and add to what we write about them."),
    ("say-no", "choice", "People can say no to something we offer, and we still keep helping them."),
    ("plan-together", "tailored", "Each person's plan is written with them, in their own words."),
    ("strengths-first", "tailored", "We start from what a person is good at, not only from their problems."),
    ("change-plan", "tailored", "We change the support when a person's life or wishes change."),
    (
        "listen-first",
        "interactions",
        "In every conversation we listen first and try to see things the person's way.",
    ),
    ("everyday-hope", "interactions", "Our everyday words show respect and hope, never blame."),
    (
        "learn-together",
        "education",
        "Staff and people using the service can go to recovery courses and learn side by side.",
    ),
    ("leaders-show", "leadership", "Our leaders talk about recovery and show it in what they do."),
    (
        "leaders-listen",
        "leadership",
        "Leaders ask people using the service what could be better, and act on it.",
    ),
    (
        "whole-organisation",
        "commitment",
        "Recovery is part of how the whole organisation plans, spends and measures.",
    ),
    (
        "care-planning",
        "personalised",
        "Care plans are about the life the person wants, not only about risks and symptoms.",
    ),
    (
        "self-management",
        "personalised",
        "We help people find what works for them and build on their own ways of coping.",
    ),
    (
        "peer-workers",
        "workforce",
        "Peer workers are a valued part of our team, with proper training and support.",
    ),
    (
        "hire-for-values",
        "workforce",
        "When we hire staff we look for kindness, hope and respect, as well as skills.",
    ),
    (
        "staff-wellbeing",
        "staff_wellbeing",
        "Staff are supported with their own wellbeing and their own recovery.",
    ),
    (
        "celebrate-success",
        "staff_wellbeing",
        "We notice and celebrate what goes well, as often as we look at what went wrong.",
    ),
    (
        "co-produce",
        "co_production",
        "People using the service help plan, run and check every part of what we do.",
    ),
    ("share-risk", "risk", "We talk about safety with the person, and agree together how to keep them safe."),
    ("positive-risk", "risk", "We support people to try new things, even when there is some risk."),
    (
        "new-involvement",
        "user_involvement",
        "Involvement means real power to change things, not only filling in forms.",
    ),
    (
        "thank-involvement",
        "user_involvement",
        "We thank and pay people fairly for their time and expertise when they help us.",
    ),
]

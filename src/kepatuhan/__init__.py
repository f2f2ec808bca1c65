"""kepatuhan — scoring of the Ombudsman RI public-service compliance assessment.

Typed models for entities, service units, rubrics and assessment rounds; a vectorised
scoring pipeline; zoning and grading; yearly rubrics as pluggy plugins.

>>> import kepatuhan as kp
>>> kp.get_rubric("ombudsman-2023").classify(88.27).grade
'A'
"""

from __future__ import annotations

from ._version import __version__
from .comparison import (
    Comparison,
    DimensionComparison,
    EntityComparison,
    Standing,
    Transition,
    UnitComparison,
    compare,
    read_code_map,
)
from .concat import concat_rounds
from .crosswalk import Crosswalk, IndicatorMapping, MappingKind
from .crosswalk_file import load_crosswalk
from .entities import Entity, ServiceUnit
from .errors import (
    DuplicateRubricError,
    IncompleteDataError,
    InvalidFileError,
    InvalidInputError,
    InvalidRoundError,
    InvalidRubricError,
    KepatuhanError,
    PluginError,
    PluginWarning,
    Problem,
    ProblemCode,
    ScoreOutOfRangeError,
    UnknownCrosswalkError,
    UnknownRubricError,
    UnknownStrategyError,
)
from .example import example_round
from .hookspecs import HOOK_API_VERSION, hookimpl
from .opinion import OpinionRule
from .oversight import OversightProduct
from .planning import Plan, PlanStep, plan, read_costs
from .point_attribution import (
    DimensionAttribution,
    EntityAttribution,
    UnitAttribution,
    WeakestUnit,
    attribution,
)
from .provenance import Assumption, Provenance, Source
from .rapor_render import rapor, summary_rapor
from .reconciliation import (
    CellState,
    Disagreement,
    DisagreementKind,
    EntityReconciliation,
    Reconciliation,
    UnitReconciliation,
    reconcile,
)
from .registry import (
    PluginProblem,
    RubricRegistry,
    get_crosswalk,
    get_rubric,
    list_crosswalks,
    list_rubrics,
)
from .requirements import require_plugins
from .rescoring import (
    FigureOutcome,
    MappingOutcome,
    Rescore,
    RescoreReport,
    RescoreStep,
    rescore,
)
from .responses import DimensionScore, Response, ResponseTable
from .results import Completeness, EntityResult, RespondentCount, RoundResult, UnitResult
from .round import Round
from .rounding import round_half_up
from .rubric import (
    Group,
    GroupKind,
    Indicator,
    MissingPolicy,
    Rubric,
    RubricInfo,
)
from .rubric_file import load_rubric, load_rubrics
from .sampling_uncertainty import (
    SamplingFallbackWarning,
    Uncertainty,
    resampled_changes,
    uncertainty,
)
from .scales import Scale, ScaleKind
from .scoring import score
from .skm import SkmConvention, SkmGrading, SkmResult, SkmUnitResult, UnsurScore, skm_index
from .skm_convention import SkmBlanks, SkmRounding, skm_conventions
from .strategies import Strategy, register_strategy
from .validation import validate
from .vocab import (
    Confidence,
    EntityKind,
    InputLevel,
    OversightProductKind,
    RespondentRole,
    ResponseStatus,
    UnitType,
    Zone,
)
from .weight_sensitivity import Sensitivity, SensitivityWarning, sensitivity
from .whatif import (
    AnswerCount,
    Change,
    DimensionDelta,
    EntityDelta,
    MarkNotApplicable,
    SetAnswer,
    SetDimension,
    SetDistribution,
    UnitDelta,
    WhatIf,
    WhatIfDeltas,
    apply_changes,
    what_if,
)
from .zoning import Band, Classification, ZoningRule

__all__ = [
    "HOOK_API_VERSION",
    "AnswerCount",
    "Assumption",
    "Band",
    "CellState",
    "Change",
    "Classification",
    "Comparison",
    "Completeness",
    "Confidence",
    "Crosswalk",
    "DimensionAttribution",
    "DimensionComparison",
    "DimensionDelta",
    "DimensionScore",
    "Disagreement",
    "DisagreementKind",
    "DuplicateRubricError",
    "Entity",
    "EntityAttribution",
    "EntityComparison",
    "EntityDelta",
    "EntityKind",
    "EntityReconciliation",
    "EntityResult",
    "FigureOutcome",
    "Group",
    "GroupKind",
    "IncompleteDataError",
    "Indicator",
    "IndicatorMapping",
    "InputLevel",
    "InvalidFileError",
    "InvalidInputError",
    "InvalidRoundError",
    "InvalidRubricError",
    "KepatuhanError",
    "MappingKind",
    "MappingOutcome",
    "MarkNotApplicable",
    "MissingPolicy",
    "OpinionRule",
    "OversightProduct",
    "OversightProductKind",
    "Plan",
    "PlanStep",
    "PluginError",
    "PluginProblem",
    "PluginWarning",
    "Problem",
    "ProblemCode",
    "Provenance",
    "Reconciliation",
    "Rescore",
    "RescoreReport",
    "RescoreStep",
    "RespondentCount",
    "RespondentRole",
    "Response",
    "ResponseStatus",
    "ResponseTable",
    "Round",
    "RoundResult",
    "Rubric",
    "RubricInfo",
    "RubricRegistry",
    "SamplingFallbackWarning",
    "Scale",
    "ScaleKind",
    "ScoreOutOfRangeError",
    "Sensitivity",
    "SensitivityWarning",
    "ServiceUnit",
    "SetAnswer",
    "SetDimension",
    "SetDistribution",
    "SkmBlanks",
    "SkmConvention",
    "SkmGrading",
    "SkmResult",
    "SkmRounding",
    "SkmUnitResult",
    "Source",
    "Standing",
    "Strategy",
    "Transition",
    "Uncertainty",
    "UnitAttribution",
    "UnitComparison",
    "UnitDelta",
    "UnitReconciliation",
    "UnitResult",
    "UnitType",
    "UnknownCrosswalkError",
    "UnknownRubricError",
    "UnknownStrategyError",
    "UnsurScore",
    "WeakestUnit",
    "WhatIf",
    "WhatIfDeltas",
    "Zone",
    "ZoningRule",
    "__version__",
    "apply_changes",
    "attribution",
    "compare",
    "concat_rounds",
    "example_round",
    "get_crosswalk",
    "get_rubric",
    "hookimpl",
    "list_crosswalks",
    "list_rubrics",
    "load_crosswalk",
    "load_rubric",
    "load_rubrics",
    "plan",
    "rapor",
    "read_code_map",
    "read_costs",
    "reconcile",
    "register_strategy",
    "require_plugins",
    "resampled_changes",
    "rescore",
    "round_half_up",
    "score",
    "sensitivity",
    "skm_conventions",
    "skm_index",
    "summary_rapor",
    "uncertainty",
    "validate",
    "what_if",
]

// The team config's JSON Schema. schemas/tokenwise.schema.json is this object written out (a unit test keeps the two
// equal), so editors validate and complete `.tokenwise.json` as Tokenwise does.
import { MEMBER_RULES } from '../teamLedger/teamLedgerConfig';
import { DEFAULT_THRESHOLDS } from '../allowances/allowance';
import { COPILOT_BILLINGS, COPILOT_PLANS, MAX_MONTHLY_CREDITS, MAX_MONTHLY_PREMIUM_REQUESTS } from '../allowances/copilotPlan';
import { TOKEN_KINDS, TOKEN_KIND_INFO } from '../tokens/tokenKinds';
import { CONFIG_LIMITS } from './teamConfigTypes';

const modelName = { type: 'string', minLength: 1, maxLength: 200 };

const rateProperty = (what: string) => ({
  type: 'number',
  minimum: 0,
  maximum: CONFIG_LIMITS.maxRatePerMillion,
  description: `USD per million ${what}.`,
});

export const teamConfigSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Tokenwise team configuration',
  description:
    "A shared configuration that every member's Tokenwise follows: allowances, negotiated prices, default models and calibration factors.",
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: {
      type: 'string',
      description: 'The JSON Schema of this file, for editors.',
    },
    team: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      description: "The team's name, shown wherever a setting comes from this file.",
    },
    allowances: {
      type: 'array',
      maxItems: 100,
      description: "Spending allowances tracked against the team members' usage.",
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'amount', 'period'],
        description: 'One allowance: an amount in USD or tokens per day, week or month.',
        properties: {
          id: {
            type: 'string',
            minLength: 1,
            maxLength: 100,
            pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$',
            description: 'A stable identifier, unique in this file (letters, digits, `.`, `_`, `-`).',
          },
          name: {
            type: 'string',
            minLength: 1,
            maxLength: 200,
            description: 'The name shown to users; defaults to the id.',
          },
          amount: {
            type: 'object',
            additionalProperties: false,
            minProperties: 1,
            maxProperties: 1,
            description: 'How much the allowance allows: either `{ "usd": 200 }` or `{ "tokens": 5000000 }`.',
            errorMessage: 'An amount is either { "usd": … } or { "tokens": … }.',
            properties: {
              usd: {
                type: 'number',
                exclusiveMinimum: 0,
                maximum: CONFIG_LIMITS.maxAllowanceUsd,
                description: 'The allowance in US dollars (more than 0, at most 1,000,000).',
              },
              tokens: {
                type: 'integer',
                minimum: 1,
                maximum: CONFIG_LIMITS.maxAllowanceTokens,
                description: 'The allowance in tokens of every kind (input, cached, output, reasoning).',
              },
            },
          },
          period: {
            type: 'string',
            enum: ['day', 'week', 'month'],
            description: 'How often the allowance starts afresh.',
          },
          weekStartsOn: {
            type: 'string',
            enum: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'],
            default: 'monday',
            description: 'For a weekly allowance: the day the week starts on. Default `monday`.',
          },
          monthStartsOn: {
            type: 'integer',
            minimum: 1,
            maximum: 28,
            default: 1,
            description: 'For a monthly allowance: the day of the month (1 to 28) the period starts on, e.g. a billing day. Default 1.',
          },
          timeZone: {
            type: 'string',
            minLength: 1,
            description: "IANA time zone of the period boundaries, e.g. `Europe/Berlin` or `UTC`. Default: each user's spend time zone.",
          },
          filter: {
            type: 'object',
            additionalProperties: false,
            description: 'Which usage counts against the allowance. Every list given must match; a list left out matches everything.',
            properties: {
              models: {
                type: 'array',
                minItems: 1,
                uniqueItems: true,
                items: modelName,
                description: 'Model ids or aliases from the price catalog (or from `modelAliases`).',
              },
              providers: {
                type: 'array',
                minItems: 1,
                uniqueItems: true,
                items: { type: 'string', minLength: 1 },
                description: 'Provider ids, e.g. `anthropic`, `openai`, `google`.',
              },
              sources: {
                type: 'array',
                minItems: 1,
                uniqueItems: true,
                items: { type: 'string', minLength: 1 },
                description: 'Usage sources, e.g. `claude-code`, `codex`, `cline`, `gemini-cli`, `manual`.',
              },
            },
          },
          thresholds: {
            type: 'array',
            minItems: 1,
            maxItems: 10,
            uniqueItems: true,
            default: [...DEFAULT_THRESHOLDS],
            items: { type: 'number', minimum: CONFIG_LIMITS.minThreshold, maximum: CONFIG_LIMITS.maxThreshold },
            description: 'Percentages of the amount (1 to 1000) at which to warn. Default `[50, 80, 100]`.',
          },
          hard: {
            type: 'boolean',
            default: false,
            description: 'A hard allowance is a limit: reaching it is shown as an error rather than a warning. Default false.',
          },
          scope: {
            enum: ['member', 'team'],
            default: 'member',
            description:
              "member (the default): each member's own spend is held against the amount. team: the whole team's spend, read from the team ledger (teamLedger), with the member's own share shown.",
          },
        },
      },
    },
    prices: {
      type: 'array',
      maxItems: 500,
      description:
        "Negotiated prices that replace the bundled catalog's: per model or per provider. A model's entry beats its provider's, rate by rate.",
      items: {
        type: 'object',
        additionalProperties: false,
        description: 'Explicit rates (USD per million tokens) and/or a discount on the catalog rates, for one model or a whole provider.',
        oneOf: [{ required: ['model'] }, { required: ['provider'] }],
        anyOf: [{ required: ['rates'] }, { required: ['discountPercent'] }],
        errorMessage: 'A price names exactly one of "model" or "provider", and gives "rates" or "discountPercent".',
        properties: {
          model: { ...modelName, description: 'The model these prices are for: an id or alias from the price catalog.' },
          provider: {
            type: 'string',
            minLength: 1,
            description: 'The provider these prices are for, e.g. `anthropic`: they apply to all its models.',
          },
          rates: {
            type: 'object',
            additionalProperties: false,
            minProperties: 1,
            description:
              "Rates in USD per million tokens. They replace the catalog's and are not discounted; " +
              "rates left out keep the catalog's (discounted, if a discount is given).",
            properties: Object.fromEntries(TOKEN_KINDS.map((kind) => [kind, rateProperty(TOKEN_KIND_INFO[kind].description)])),
          },
          discountPercent: {
            type: 'number',
            minimum: 0,
            maximum: 100,
            description:
              'A discount, in percent, on every catalog rate this entry does not set explicitly. An unknown catalog rate stays unknown.',
          },
        },
      },
    },
    modelAliases: {
      type: 'object',
      description: 'Names the team uses for models, e.g. `{ "fast": "claude-haiku-4-5" }`. An alias can be used wherever a model is named.',
      propertyNames: { minLength: 1, maxLength: 100 },
      additionalProperties: { ...modelName, description: 'The catalog model id the alias stands for.' },
    },
    defaultModel: {
      ...modelName,
      description: 'The model whose cost is shown unless a user chooses another: an id or alias.',
    },
    checks: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      description: 'Limits for `tokenwise check` in CI, used where its flags do not give them.',
      properties: {
        model: { ...modelName, description: 'The model prompt files are priced on (default: the default model).' },
        maxTokens: {
          type: 'integer',
          minimum: 1,
          maximum: CONFIG_LIMITS.maxExpectedOutputTokens * 5,
          description: 'At most this many input tokens per prompt file (with its linked context).',
        },
        maxUsdPerSend: {
          type: 'number',
          exclusiveMinimum: 0,
          maximum: 100000,
          description: 'At most this much per send, input and expected output, in USD.',
        },
        mustFit: { type: 'boolean', description: "The prompt and its expected output must fit the model's context window." },
      },
    },
    priceDataUrl: {
      type: 'string',
      minLength: 1,
      maxLength: 2048,
      pattern: '^https://',
      description:
        "The team's own price data (a file in the @pydantic/genai-prices format), fetched instead of genai-prices' by members " +
        'who have the price update on (tokenwise.priceUpdate.enabled). https only.',
    },
    teamLedger: {
      type: 'object',
      additionalProperties: false,
      required: ['url'],
      description:
        "The team's shared ledger: a PostgreSQL database each member's Tokenwise syncs its spend to (numbers and model names, never prompt text). " +
        "Each member's credentials come from PGUSER and PGPASSWORD, ~/.pgpass or Connect Team Ledger, never from this file.",
      properties: {
        url: {
          type: 'string',
          minLength: 1,
          maxLength: 2048,
          pattern: '^postgres(ql)?://',
          description: 'postgresql://host[:port]/database[?sslmode=require], without user or password; sslmode as libpq reads it.',
        },
        member: {
          enum: [...MEMBER_RULES],
          description: "How members are named in it: osUser (the account's name, the default) or gitEmail (git config user.email).",
        },
        includeProjects: {
          type: 'boolean',
          description: "Also send each request's project folder (default false: it stays on the member's machine).",
        },
      },
    },
    copilotPlan: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      description:
        "The members' GitHub Copilot plan: its monthly included AI credits become a team allowance on Copilot's spend (VS Code Chat and Copilot CLI).",
      properties: {
        plan: {
          enum: Object.keys(COPILOT_PLANS),
          description: 'The plan, which gives the credits: pro, pro-plus, max, business or enterprise.',
        },
        billing: {
          enum: [...COPILOT_BILLINGS],
          description:
            '`credits` (default): AI credits, as Copilot bills since June 2026. `premium-requests`: the legacy request-based ' +
            "billing of annual Pro and Pro+ plans, counted as each prompt's model multiplier (300 or 1,500 a month).",
        },
        monthlyPremiumRequests: {
          type: 'integer',
          minimum: 1,
          maximum: MAX_MONTHLY_PREMIUM_REQUESTS,
          description: "Premium requests a month on legacy billing, replacing the plan's amount.",
        },
        monthlyCredits: {
          type: 'integer',
          minimum: 1,
          maximum: MAX_MONTHLY_CREDITS,
          description: "AI credits a month (1 credit is $0.01), replacing the plan's amount.",
        },
        resetDay: { type: 'integer', minimum: 1, maximum: 28, default: 1, description: 'The day of the month the credits start over.' },
        thresholds: {
          type: 'array',
          minItems: 1,
          maxItems: 10,
          uniqueItems: true,
          items: { type: 'number', minimum: CONFIG_LIMITS.minThreshold, maximum: CONFIG_LIMITS.maxThreshold },
          description: 'Percentages of the credits (1 to 1000) at which to warn. Default `[50, 80, 100]`.',
        },
      },
    },
    favoriteModels: {
      type: 'array',
      maxItems: 50,
      uniqueItems: true,
      items: modelName,
      description: 'Models listed first in Select Model and Compare Models.',
    },
    expectedOutputTokens: {
      type: 'integer',
      minimum: 0,
      maximum: CONFIG_LIMITS.maxExpectedOutputTokens,
      description: 'Expected length of an answer in tokens, used to project the output cost.',
    },
    expectedReasoningTokens: {
      type: 'integer',
      minimum: 0,
      maximum: CONFIG_LIMITS.maxExpectedOutputTokens,
      description:
        'Expected reasoning ("thinking") tokens of an answer from a model that always reasons (o3, GPT-5 and later), billed as output.',
    },
    expectedOutputTokensByModel: {
      type: 'object',
      description: 'Expected answer length per model (id or alias), e.g. `{ "o3": 4000 }` for a reasoning model.',
      propertyNames: { minLength: 1 },
      additionalProperties: {
        type: 'integer',
        minimum: 0,
        maximum: CONFIG_LIMITS.maxExpectedOutputTokens,
        description: 'Expected answer length in tokens.',
      },
    },
    expectedReasoningTokensByModel: {
      type: 'object',
      description:
        'Expected reasoning ("thinking") tokens per model (id or alias), e.g. `{ "claude-opus-4-6": 8000 }` for a model run with ' +
        'thinking on; replaces expectedReasoningTokens for that model, and applies to models that reason only when asked.',
      propertyNames: { minLength: 1 },
      additionalProperties: {
        type: 'integer',
        minimum: 0,
        maximum: CONFIG_LIMITS.maxExpectedOutputTokens,
        description: 'Expected reasoning tokens, billed as the model bills them.',
      },
    },
    tokenizerFactors: {
      type: 'object',
      description:
        'Calibrated token-count factors for models whose tokenizer is not public, by tokenizer family: for the estimated ' +
        "families (`claude`, `claude-2026`, `gemini`, `deepseek-v3`, `qwen3`, `llama3`, `mistral`, `other`) the ratio of the model's " +
        'count to the o200k_base count; for a vendor counted with a published vocabulary it does not call its own ' +
        "(`gemini-on-gemma3`, `deepseek-on-v3`, `qwen-on-qwen3`, `mistral-on-tekken`) the ratio to that vocabulary's count.",
      propertyNames: { minLength: 1 },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['factor', 'low', 'high'],
        description: 'A factor with its plausible range: low ≤ factor ≤ high.',
        properties: {
          factor: {
            type: 'number',
            minimum: CONFIG_LIMITS.minFactor,
            maximum: CONFIG_LIMITS.maxFactor,
            description: 'The expected ratio (0.2 to 5).',
          },
          low: {
            type: 'number',
            minimum: CONFIG_LIMITS.minFactor,
            maximum: CONFIG_LIMITS.maxFactor,
            description: 'The lower end of the plausible ratio.',
          },
          high: {
            type: 'number',
            minimum: CONFIG_LIMITS.minFactor,
            maximum: CONFIG_LIMITS.maxFactor,
            description: 'The upper end of the plausible ratio.',
          },
          label: { type: 'string', minLength: 1, maxLength: 100, description: 'Shown in tooltips, e.g. `Claude (measured on our repo)`.' },
        },
      },
    },
  },
} as const;

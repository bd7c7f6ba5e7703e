package dev.darkfactory.core.cost;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.budget.Budget;
import dev.darkfactory.api.budget.Charge;
import dev.darkfactory.api.budget.Reservation;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.model.ContentBlock;
import dev.darkfactory.api.model.Message;
import dev.darkfactory.api.model.ModelException;
import dev.darkfactory.api.model.ModelRequest;
import dev.darkfactory.api.model.ModelResponse;
import dev.darkfactory.api.model.ToolSpec;
import dev.darkfactory.core.model.ModelInterceptor;
import java.util.Optional;
import java.util.function.Supplier;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards every model call with a {@link Budget}: before the call, reserves the most it could
 * cost; when that does not fit, refuses it so it is never sent; after it, settles with the real
 * usage.
 *
 * <pre>{@code
 * ModelProvider model = ModelPipeline.builder(provider)
 *     .interceptor(RetryInterceptor.builder().build())        // retries first,
 *     .interceptor(BudgetInterceptor.of(budget, prices))       // then every try is paid for
 *     .build();
 * }</pre>
 *
 * <h2>The most a call could cost</h2>
 *
 * <p>The input is bounded from above without a tokenizer: {@link #inputTokensUpperBound} counts
 * the UTF-8 bytes of every text the request carries (system prompt, every message's text, tool
 * calls, tool results and thinking, every tool's name, description and schema, the response
 * schema). Every token of the tokenizers the vendors use (byte-level BPE, and SentencePiece with
 * byte fallback) stands for at least one byte of the text, so no tokenizer yields more tokens than
 * the text has bytes. The vendors also wrap the request in tokens of their own (role markers, tool
 * declarations, Anthropic's tool-use system prompt of a few hundred tokens, the word-boundary
 * marker SentencePiece puts before a text), which are covered by an allowance of {@value
 * #REQUEST_OVERHEAD_TOKENS} tokens per request and {@value #ITEM_OVERHEAD_TOKENS} per message,
 * content block and tool. That bound, all at the model's
 * dearest input price, plus {@link ModelRequest#maxOutputTokens()} at its output price (and the
 * long-prompt prices when the bound is above their threshold) is what is reserved; see {@link
 * ModelPrice#maximum}.
 *
 * <h2>Refusals and failures</h2>
 *
 * <ul>
 *   <li>A reservation that does not fit throws {@link BudgetExhaustedException}: kind {@link
 *       ModelException.Kind#REFUSED}, naming the budget that refused, what the call needed and
 *       what was left. The request is not sent.
 *   <li>A model with no price in the catalog, while the budget (or an ancestor) limits money,
 *       throws a {@link ModelException} of kind {@link ModelException.Kind#REFUSED} saying the
 *       model has no price and how to add one. The request is not sent. With no money limit, such
 *       a call is reserved and settled in tokens only.
 *   <li>After an answer, the reservation is settled with the answer's usage priced by the
 *       catalog.
 *   <li>A failure that the provider cannot have billed (refused, rejected, rate limited,
 *       overloaded, server error, authentication) releases the reservation. A failure it may have
 *       billed without reporting the usage (a timeout, an unreadable answer, an interrupted call)
 *       settles it at the full reservation: the most the call could have cost, so the budget
 *       still holds.
 * </ul>
 *
 * <p>The call is priced by the model the request names. Thread-safe when the budget is.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class BudgetInterceptor implements ModelInterceptor {

  /** Tokens allowed per request for the vendor's own formatting around it. */
  public static final long REQUEST_OVERHEAD_TOKENS = 1024;

  /** Tokens allowed per message, content block and tool for the vendor's formatting. */
  public static final long ITEM_OVERHEAD_TOKENS = 16;

  private static final Logger LOG = LoggerFactory.getLogger(BudgetInterceptor.class);

  private final Supplier<? extends Budget> budget;
  private final PriceCatalog prices;

  private BudgetInterceptor(Supplier<? extends Budget> budget, PriceCatalog prices) {
    this.budget = budget;
    this.prices = prices;
  }

  /**
   * An interceptor that reserves every call from {@code budget}.
   *
   * @param budget the budget
   * @param prices the prices calls are reserved and settled at
   * @return the interceptor
   */
  public static BudgetInterceptor of(Budget budget, PriceCatalog prices) {
    Require.nonNull(budget, "budget");
    return new BudgetInterceptor(() -> budget, Require.nonNull(prices, "prices"));
  }

  /**
   * An interceptor that reserves each call from the budget {@code budget} supplies at the time of
   * the call, for a pipeline shared by attempts that each have their own budget.
   *
   * @param budget supplies the budget of the current call
   * @param prices the prices calls are reserved and settled at
   * @return the interceptor
   */
  public static BudgetInterceptor of(Supplier<? extends Budget> budget, PriceCatalog prices) {
    return new BudgetInterceptor(
        Require.nonNull(budget, "budget"), Require.nonNull(prices, "prices"));
  }

  /** The prices calls are reserved and settled at. */
  public PriceCatalog prices() {
    return prices;
  }

  @Override
  public ModelResponse intercept(ModelRequest request, Chain chain)
      throws ModelException, InterruptedException {
    Budget b = Require.nonNull(budget.get(), "the supplied budget");
    Optional<ModelPrice> price = prices.price(request.model());
    if (price.isEmpty() && limitsMoney(b)) {
      throw new ModelException(
          ModelException.Kind.REFUSED,
          prices.unknown(request.model())
              + ". The budget "
              + Require.quote(b.name())
              + " limits money, so a call to a model with no price is not sent");
    }
    Charge maximum = maximum(request, price.orElse(null));
    Reservation reservation = reserve(b, maximum, request.model());
    ModelResponse response;
    try {
      response = chain.proceed(request);
    } catch (ModelException e) {
      if (mayHaveBeenBilled(e.kind())) {
        settleUnknown(reservation, b, request.model(), e.kind().name());
      } else {
        reservation.release();
      }
      throw e;
    } catch (InterruptedException e) {
      settleUnknown(reservation, b, request.model(), "an interrupt");
      throw e;
    } catch (RuntimeException | Error e) {
      reservation.release();
      throw e;
    }
    Charge actual =
        price
            .map(p -> p.cost(response.usage()))
            .orElseGet(() -> Charge.tokens(response.usage().totalTokens()));
    reservation.settle(actual);
    return response;
  }

  /**
   * The most {@code request} could cost at this interceptor's prices: its input bound at the
   * dearest input price plus its output limit; tokens only when the model has no price.
   *
   * @param request the request
   * @return the charge to reserve
   */
  public Charge maximum(ModelRequest request) {
    return maximum(request, prices.price(request.model()).orElse(null));
  }

  private static Charge maximum(ModelRequest request, @Nullable ModelPrice price) {
    long input = inputTokensUpperBound(request);
    return price != null
        ? price.maximum(input, request.maxOutputTokens())
        : Charge.tokens(Math.addExact(input, request.maxOutputTokens()));
  }

  /**
   * An upper bound on the input tokens of {@code request} for any vendor's tokenizer: the UTF-8
   * bytes of every text it carries, plus {@value #REQUEST_OVERHEAD_TOKENS} tokens for the request
   * and {@value #ITEM_OVERHEAD_TOKENS} per message, content block and tool.
   *
   * @param request the request
   * @return the bound
   */
  public static long inputTokensUpperBound(ModelRequest request) {
    Require.nonNull(request, "request");
    long bytes = utf8Length(request.system());
    long items = 0;
    for (Message m : request.messages()) {
      items++;
      for (ContentBlock block : m.content()) {
        items++;
        if (block instanceof ContentBlock.Text t) {
          bytes += utf8Length(t.text());
        } else if (block instanceof ContentBlock.ToolCall c) {
          bytes += utf8Length(c.id()) + utf8Length(c.name()) + utf8Length(c.argumentsJson());
        } else if (block instanceof ContentBlock.ToolResult r) {
          bytes += utf8Length(r.toolCallId()) + utf8Length(r.content());
        } else if (block instanceof ContentBlock.Thinking th) {
          bytes += utf8Length(th.text()) + utf8Length(th.signature());
        }
      }
    }
    for (ToolSpec tool : request.tools()) {
      items++;
      bytes += utf8Length(tool.name()) + utf8Length(tool.description());
      bytes += utf8Length(tool.inputSchemaJson());
    }
    String schema = request.responseSchemaJson();
    if (schema != null) {
      bytes += utf8Length(schema);
    }
    return REQUEST_OVERHEAD_TOKENS + ITEM_OVERHEAD_TOKENS * items + bytes;
  }

  /** The number of bytes {@code s} takes in UTF-8 (an unpaired surrogate as 3, like a '?'). */
  static long utf8Length(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  private static Reservation reserve(Budget b, Charge maximum, String model)
      throws BudgetExhaustedException {
    HardBudget hard =
        b instanceof HardBudget h ? h : b instanceof SqliteBudget s ? s.budget() : null;
    if (hard != null) {
      HardBudget.Decision d = hard.reserve(maximum);
      if (d instanceof HardBudget.Decision.Refused r) {
        throw new BudgetExhaustedException(r.refusal(), model);
      }
      return ((HardBudget.Decision.Granted) d).reservation();
    }
    Optional<Reservation> held = b.tryReserve(maximum);
    if (held.isEmpty()) {
      Charge left = b.remaining();
      BudgetRefusal.Reason reason =
          maximum.tokens() > left.tokens()
              ? BudgetRefusal.Reason.TOKENS
              : BudgetRefusal.Reason.COST;
      throw new BudgetExhaustedException(new BudgetRefusal(b.name(), maximum, left, reason), model);
    }
    return held.get();
  }

  private static boolean limitsMoney(Budget b) {
    if (b instanceof HardBudget h) {
      return h.limitsCost();
    }
    if (b instanceof SqliteBudget s) {
      return s.budget().limitsCost();
    }
    return b.remaining().costUsd().compareTo(HardBudget.NO_LIMIT_USD) < 0;
  }

  /** Whether a call that failed this way may still have been billed. */
  private static boolean mayHaveBeenBilled(ModelException.Kind kind) {
    return kind == ModelException.Kind.TIMEOUT || kind == ModelException.Kind.MALFORMED_RESPONSE;
  }

  private static void settleUnknown(Reservation r, Budget b, String model, String why) {
    LOG.warn(
        "budget '{}': a call to '{}' ended with {} and may have been billed without reporting its"
            + " usage; the whole reservation of {} is counted as spent",
        b.name(),
        model,
        why,
        BudgetRefusal.amount(r.reserved()));
    r.settle(r.reserved());
  }
}

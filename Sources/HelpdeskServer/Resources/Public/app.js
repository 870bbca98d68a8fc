// Customer Care Registry: as-you-type suggestions (help centre search box and the new-complaint form).
// No inline scripts (the CSP forbids them); every text from the server goes through textContent.
(function () {
  "use strict";

  var DEBOUNCE_MS = 250;

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, ms);
    };
  }

  // Fetches suggestions; drops answers that arrive after a newer request was sent.
  function suggester(onResults) {
    var latest = 0;
    return function (text, k, subject, topic) {
      var id = ++latest;
      var typed = ((subject || "") + "\n" + text).trim();
      if (typed.length < 3) { onResults([], typed); return; }
      var body = { text: text, k: k, prefixLastTerm: true };
      if (subject) { body.subject = subject; }
      if (topic) { body.categoryId = topic; }
      fetch("/api/v1/suggestions", {
        method: "POST",
        headers: { "Content-Type": "application/json", "Accept": "application/json" },
        credentials: "same-origin",
        body: JSON.stringify(body)
      }).then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      }).then(function (data) {
        if (id === latest) { onResults(data.suggestions || [], typed); }
      }).catch(function () {
        if (id === latest) { onResults(null, typed); }
      });
    };
  }

  // Appends highlight segments to `parent`, matched words in <mark>.
  function appendSegments(parent, segments) {
    segments.forEach(function (segment) {
      if (segment.match) {
        var mark = document.createElement("mark");
        mark.textContent = segment.text;
        parent.appendChild(mark);
      } else {
        parent.appendChild(document.createTextNode(segment.text));
      }
    });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  // Help centre: a drop-down list of matching answers under the search box.
  function setUpHelpSearch(input) {
    var list = document.getElementById(input.getAttribute("aria-controls"));
    if (!list) { return; }
    var fetchSuggestions = suggester(function (suggestions) {
      list.textContent = "";
      if (!suggestions || suggestions.length === 0) { list.hidden = true; return; }
      suggestions.forEach(function (s) {
        var item = el("li");
        var link = el("a");
        link.href = "/help/solutions/" + encodeURIComponent(s.solution.id);
        appendSegments(link, s.highlights.title);
        item.appendChild(link);
        list.appendChild(item);
      });
      list.hidden = false;
    });
    var run = debounce(function () { fetchSuggestions(input.value, 6); }, DEBOUNCE_MS);
    input.addEventListener("input", run);
    input.addEventListener("keydown", function (event) { if (event.key === "Escape") { list.hidden = true; } });
    document.addEventListener("click", function (event) { if (!list.contains(event.target) && event.target !== input) { list.hidden = true; } });
  }

  // New complaint: expandable suggestions beside the form, each with "This solved my problem".
  function setUpComplaintForm(form) {
    var target = document.getElementById("complaint-suggestions");
    var hint = document.getElementById("suggestions-hint");
    var csrf = document.getElementById("deflect-csrf");
    var subject = form.querySelector("[name=subject]");
    var description = form.querySelector("[name=description]");
    // The topic the customer picks ("Not sure" is empty): its answers come first.
    var topic = form.querySelector("[name=categoryId]");
    if (!target || !subject || !description) { return; }

    var render = function (suggestions, text) {
      target.textContent = "";
      if (suggestions === null) { hint.textContent = "Suggestions are unavailable right now."; return; }
      if (suggestions.length === 0) {
        hint.textContent = text.trim().length < 3 ? "Start typing and matching answers appear here." : "No stored answer matches yet. Send your request and an agent will help.";
        return;
      }
      hint.textContent = "These answers may already solve it:";
      suggestions.forEach(function (s) {
        var details = el("details", "suggestion");
        var summary = el("summary");
        var title = el("span", "s-title");
        appendSegments(title, s.highlights.title);
        summary.appendChild(title);
        // How well it matches, in words (the relevance floor keeps weak matches out).
        if (s.match === "strong" || s.match === "partial") {
          summary.appendChild(document.createTextNode(" "));
          summary.appendChild(el("span", "badge match-" + s.match, s.match === "strong" ? "Strong match" : "Partial match"));
        }
        details.appendChild(summary);
        var snippet = el("p", "snippet small");
        appendSegments(snippet, s.highlights.snippet);
        details.appendChild(snippet);
        var steps = el("ol", "steps small");
        s.solution.steps.forEach(function (step) { steps.appendChild(el("li", null, step)); });
        details.appendChild(steps);
        var deflect = el("form", "inline");
        deflect.method = "post";
        deflect.action = "/deflections";
        [["csrf", csrf ? csrf.value : ""], ["solutionId", String(s.solution.id)], ["query", text]].forEach(function (pair) {
          var input = el("input");
          input.type = "hidden";
          input.name = pair[0];
          input.value = pair[1];
          deflect.appendChild(input);
        });
        var button = el("button", "button small primary", "This solved my problem");
        button.type = "submit";
        deflect.appendChild(button);
        details.appendChild(deflect);
        // Counted once per suggestion for the click-through report.
        details.addEventListener("toggle", function () {
          if (!details.open || details.getAttribute("data-counted")) { return; }
          details.setAttribute("data-counted", "1");
          fetch("/api/v1/suggestions/opened", {
            method: "POST",
            headers: { "Content-Type": "application/json", "Accept": "application/json" },
            credentials: "same-origin",
            body: JSON.stringify({ solutionId: s.solution.id })
          }).catch(function () {});
        });
        target.appendChild(details);
      });
    };
    var fetchSuggestions = suggester(render);
    var checkDuplicates = duplicateChecker(document.getElementById("open-duplicates"));
    var run = debounce(function () {
      fetchSuggestions(description.value.trim(), 5, subject.value.trim(), topic ? topic.value : "");
    }, DEBOUNCE_MS);
    // The customer's own open requests that look like this one: checked when typing pauses a little longer.
    var runDuplicates = debounce(function () {
      checkDuplicates(subject.value.trim(), description.value.trim());
    }, DUPLICATE_DEBOUNCE_MS);
    [subject, description].forEach(function (field) {
      field.addEventListener("input", run);
      field.addEventListener("input", runDuplicates);
    });
    if (topic) { topic.addEventListener("change", run); }
    if ((subject.value + description.value).trim().length > 0) { run(); runDuplicates(); }
    placeSuggestions(form, target.closest(".suggestions"));
  }

  // The width below which pages are one column (app.css: the two columns start at 760 px). "not (min-width)" rather
  // than "max-width: 759px", so that a zoomed width such as 759.5 px counts as narrow, as the style sheet sees it.
  var NARROW = "not all and (min-width: 760px)";

  // Runs place(narrow) now and whenever the screen crosses NARROW.
  function onWidth(place) {
    if (!window.matchMedia) { return; }
    var narrow = window.matchMedia(NARROW);
    var run = function () { place(narrow.matches); };
    run();
    if (narrow.addEventListener) { narrow.addEventListener("change", run); } else if (narrow.addListener) { narrow.addListener(run); }
  }

  // On a narrow screen the page is one column, and the suggestions' own column would come after the send button,
  // where a customer who types on a phone never sees them. There they move between the form's fields and its button,
  // with the notice of a similar open request kept next to the button (the button, then outside the form, still sends
  // it through its form attribute); back when the screen widens. Moved in the page, not only drawn elsewhere, so that
  // the keyboard's order is the order on screen.
  function placeSuggestions(form, panel) {
    var button = form.querySelector("button[type=submit]");
    if (!panel || !button || !form.id) { return; }
    var notice = document.getElementById("open-duplicates");
    var home = panel.parentNode;
    onWidth(function (narrow) {
      if (narrow) {
        form.parentNode.insertBefore(panel, form.nextSibling);
        button.setAttribute("form", form.id);
        panel.parentNode.insertBefore(button, panel.nextSibling);
        if (notice) { panel.parentNode.insertBefore(notice, button); }
        panel.classList.add("in-form");
      } else if (panel.parentNode !== home) {
        home.appendChild(panel);
        button.removeAttribute("form");
        if (notice) { form.appendChild(notice); }
        form.appendChild(button);
        panel.classList.remove("in-form");
      }
    });
  }

  // The agent's ticket on a narrow screen: the stored solutions (one tap to resolve with one) move from the side
  // column to right before the form for a new solution, after the conversation; back when the screen widens.
  function placeStoredSolutions() {
    var stored = document.querySelector(".ticket-layout .stored-solutions");
    var before = document.querySelector(".ticket-layout .resolve-new");
    if (!stored || !before) { return; }
    var home = stored.parentNode;
    var next = stored.nextSibling;
    onWidth(function (narrow) {
      if (narrow) {
        before.parentNode.insertBefore(stored, before);
      } else if (stored.parentNode !== home) {
        home.insertBefore(stored, next);
      }
    });
  }

  var DUPLICATE_DEBOUNCE_MS = 700;

  // "You already have an open request that looks like this": links to the customer's own open requests that match
  // what is typed (POST /api/v1/tickets/duplicates answers a customer with their own tickets only).
  function duplicateChecker(box) {
    var latest = 0;
    return function (subject, description) {
      if (!box) { return; }
      var id = ++latest;
      if ((subject + " " + description).trim().length < 12) { box.hidden = true; return; }
      fetch("/api/v1/tickets/duplicates", {
        method: "POST",
        headers: { "Content-Type": "application/json", "Accept": "application/json" },
        credentials: "same-origin",
        body: JSON.stringify({ subject: subject, description: description })
      }).then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      }).then(function (data) {
        if (id !== latest) { return; }
        var duplicates = data.duplicates || [];
        box.textContent = "";
        box.hidden = duplicates.length === 0;
        if (duplicates.length === 0) { return; }
        box.appendChild(el("p", null, duplicates.length === 1
          ? "You already have an open request that looks like this one. To add to it, reply there instead:"
          : "You already have open requests that look like this one. To add to one, reply there instead:"));
        var list = el("ul", "plain");
        duplicates.forEach(function (d) {
          var item = el("li");
          var link = el("a", null, "#" + d.ticket.id + " " + d.ticket.subject);
          link.href = "/tickets/" + d.ticket.id + "#reply";
          item.appendChild(link);
          list.appendChild(item);
        });
        box.appendChild(list);
        box.appendChild(el("p", "muted small", "If it is a different problem, send this request as it is."));
      }).catch(function () {
        if (id === latest) { box.hidden = true; }
      });
    };
  }

  // A character counter under a field with a limit (data-max): visible before the limit is reached, and nothing is
  // cut off (no maxlength): past the limit it says by how much, and the server refuses the form naming the field.
  function setUpCounter(field) {
    var max = parseInt(field.getAttribute("data-max"), 10);
    if (!(max > 0)) { return; }
    var counter = document.createElement("p");
    counter.className = "counter muted small";
    counter.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", counter);
    var update = function () {
      var used = Array.from(field.value).length;
      var over = used - max;
      counter.textContent = used.toLocaleString("en") + " / " + max.toLocaleString("en") + " characters" +
        (over > 0 ? ": " + over.toLocaleString("en") + " too many" : "");
      counter.classList.toggle("over", over > 0);
      field.setCustomValidity(over > 0 ? "At most " + max.toLocaleString("en") + " characters." : "");
    };
    field.addEventListener("input", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-max]").forEach(setUpCounter);
    document.querySelectorAll("[data-suggest=help]").forEach(setUpHelpSearch);
    document.querySelectorAll("[data-suggest=complaint]").forEach(setUpComplaintForm);
    placeStoredSolutions();
  });
})();

package io.recordflow.app.console.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlTest {

    @Test
    void shouldEscapeEveryArgumentThatIsNotMarkup() {
        Html html = Html.of("<td title=\"{}\">{}</td>", "\" onmouseover=\"x", "<script>alert('x')</script> & `y`");

        assertThat(html.toString())
                .isEqualTo("<td title=\"&quot; onmouseover=&quot;x\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; "
                        + "&amp; &#96;y&#96;</td>");
    }

    @Test
    void shouldInsertFragmentsAndListsOfFragmentsAsTheyAre() {
        Html rows = Html.of("<ul>{}</ul>", List.of(Html.of("<li>{}</li>", "a<b"), Html.of("<li>{}</li>", "c")));

        assertThat(rows.toString()).isEqualTo("<ul><li>a&lt;b</li><li>c</li></ul>");
        assertThat(Html.of("<p>{}</p>", (Object) null).toString()).isEqualTo("<p></p>");
    }

    @Test
    void shouldRefuseATemplateWhosePlaceholdersDoNotMatchTheArguments() {
        assertThatThrownBy(() -> Html.of("<p>{}</p>")).hasMessageContaining("more {} than arguments");
        assertThatThrownBy(() -> Html.of("<p></p>", "x")).hasMessageContaining("fewer {} than arguments");
    }
}

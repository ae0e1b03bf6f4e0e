// Component tests see the app's real global styles, so visibility and contrast checks are real.
import '../app.css';

// Renders the Prodlab icon (a flask over a small dependency graph) to PNG at the sizes the
// desktop entry and jpackage need. Run from the project root: jshell -R-Djava.awt.headless=true assets/icon.jsh
import java.awt.*;
import java.awt.geom.*;
import java.awt.image.BufferedImage;
import javax.imageio.ImageIO;

void render(int size, String file) throws Exception {
    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    double s = size / 256.0;
    g.scale(s, s);
    g.setPaint(new GradientPaint(0, 0, new Color(0x1f6feb), 256, 256, new Color(0x0b3d91)));
    g.fill(new RoundRectangle2D.Double(8, 8, 240, 240, 56, 56));
    // flask
    Path2D flask = new Path2D.Double();
    flask.moveTo(104, 44); flask.lineTo(152, 44); flask.lineTo(152, 60); flask.lineTo(144, 60);
    flask.lineTo(144, 104); flask.lineTo(204, 200); flask.quadTo(212, 216, 194, 216);
    flask.lineTo(62, 216); flask.quadTo(44, 216, 52, 200); flask.lineTo(112, 104); flask.lineTo(112, 60);
    flask.lineTo(104, 60); flask.closePath();
    g.setColor(new Color(255, 255, 255, 235));
    g.fill(flask);
    // a three-node dependency graph inside the flask
    g.setColor(new Color(0x0b3d91));
    g.setStroke(new BasicStroke(7f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    g.draw(new Line2D.Double(128, 150, 92, 192));
    g.draw(new Line2D.Double(128, 150, 164, 192));
    g.setColor(new Color(0xf78166));
    for (double[] c : new double[][] {{128, 150}, {92, 192}, {164, 192}}) {
        g.fill(new Ellipse2D.Double(c[0] - 13, c[1] - 13, 26, 26));
    }
    g.dispose();
    ImageIO.write(img, "png", new java.io.File(file));
}

render(256, "assets/icon-256.png");
render(64, "assets/icon-64.png");
render(32, "assets/icon-32.png");
/exit
